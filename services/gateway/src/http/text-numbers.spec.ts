import { EVENT_ID } from '../../test/support/messages';
import { buildTestApp, type TestApp } from '../../test/support/test-app';

/** Every paginated route, with the role it needs. */
const LIST_ROUTES: [string, 'customer' | 'admin' | undefined][] = [
  ['/api/v1/events', undefined],
  ['/api/v1/me/bookings', 'customer'],
  ['/api/v1/admin/bookings', 'admin'],
  [`/api/v1/admin/events/${EVENT_ID}/bookings`, 'admin'],
];

const NOT_DECIMAL = ['Infinity', '-Infinity', '1e400', '-1e400', 'NaN', '0x10', '%20%202', '1_000'];

describe('numbers in the query: finite decimal numerals only, on every list route', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await buildTestApp();
  });
  afterAll(() => sut.app.close());

  const get = async (url: string, role: 'customer' | 'admin' | undefined) =>
    sut.request({ method: 'GET', url, ...(role ? { token: await sut.token({ role }) } : {}) });

  describe.each(LIST_ROUTES)('%s', (path, role) => {
    it.each(NOT_DECIMAL.flatMap((value) => [`page=${value}`, `limit=${value}`]))(
      '?%s is 400 VALIDATION_FAILED naming the field, echoing nothing',
      async (query) => {
        const res = await get(`${path}?${query}`, role);
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const field = query.split('=')[0];
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field }] });
        expect(res.body).not.toContain(query.split('=')[1]);
      },
    );

    it('?page= beyond the last page any service serves is 400', async () => {
      const res = await get(`${path}?page=10001`, role);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'page' }] });
    });
  });
});
