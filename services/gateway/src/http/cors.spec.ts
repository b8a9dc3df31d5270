import { fakeCatalog } from '../../test/support/fake-clients';
import { eventMessage } from '../../test/support/messages';
import { buildTestApp, type TestApp } from '../../test/support/test-app';

const FRONT_END = 'https://app.example.com';
const STRANGER = 'https://evil.example.net';

const preflight = (sut: TestApp, origin: string) =>
  sut.request({
    method: 'OPTIONS',
    url: '/api/v1/bookings',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

const listEvents = (sut: TestApp, origin: string) => sut.request({ method: 'GET', url: '/api/v1/events', headers: { origin } });

const withCatalog = (config: Parameters<typeof buildTestApp>[0] = {}) =>
  buildTestApp({ catalog: fakeCatalog({ ListEvents: async () => ({ events: [eventMessage()], total: 1, page: 1, limit: 20 }) }), ...config });

describe('CORS', () => {
  describe('off by default (CORS_ORIGINS empty)', () => {
    let sut: TestApp;
    beforeAll(async () => {
      sut = await withCatalog();
    });
    afterAll(() => sut.app.close());

    it('gives no CORS header to any origin, and no preflight', async () => {
      const res = await listEvents(sut, FRONT_END);
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await preflight(sut, FRONT_END);
      expect(pre.statusCode).toBe(404);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with an allow-list', () => {
    let sut: TestApp;
    beforeAll(async () => {
      // The public cache on: an answer served from memory still carries the caller's CORS headers.
      sut = await withCatalog({ config: { CORS_ORIGINS: [FRONT_END], PUBLIC_CACHE_TTL_MS: 5_000 } });
    });
    afterAll(() => sut.app.close());

    it('lets a listed origin read answers, fresh or cached, and says the answer varies by Origin', async () => {
      for (const attempt of [1, 2]) {
        const res = await listEvents(sut, FRONT_END);
        expect([attempt, res.statusCode]).toEqual([attempt, 200]);
        expect(res.headers).toMatchObject({ 'access-control-allow-origin': FRONT_END, vary: expect.stringMatching(/origin/) });
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      }
      expect(sut.catalog.ListEvents).toHaveBeenCalledTimes(1);
    });

    it('answers a listed origin’s preflight with 204, the methods and the headers', async () => {
      const res = await preflight(sut, FRONT_END);
      expect(res.statusCode).toBe(204);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': FRONT_END,
        'access-control-allow-methods': expect.stringContaining('POST'),
        'access-control-allow-headers': expect.stringContaining('authorization'),
      });
      expect(String(res.headers['access-control-allow-headers'])).toContain('idempotency-key');
    });

    it('gives an unlisted origin no CORS header, on a request or a preflight', async () => {
      const res = await listEvents(sut, STRANGER);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers.vary).toMatch(/origin/);
      const pre = await preflight(sut, STRANGER);
      expect(pre.statusCode).toBe(404);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('carries the CORS headers on errors too, so the front end can read the problem', async () => {
      const res = await sut.request({ method: 'GET', url: '/api/v1/me', headers: { origin: FRONT_END } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['access-control-allow-origin']).toBe(FRONT_END);
    });
  });
});
