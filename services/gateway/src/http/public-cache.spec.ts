import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { fakeBooking, fakeCatalog } from '../../test/support/fake-clients';
import { EVENT_ID, eventMessage, seatList } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';
import { registerPublicCache } from './public-cache';

describe('registerPublicCache', () => {
  let clock: number;
  let served: number;
  let app: FastifyInstance;

  beforeEach(async () => {
    clock = 0;
    served = 0;
    app = Fastify();
    registerPublicCache(app, { ttlMs: 1_000, maxEntries: 2, now: () => clock });
    app.get('/cached', { config: { publicCache: true } }, async (request) => ({ n: ++served, q: request.query }));
    app.get('/fails', { config: { publicCache: true } }, async (_request, reply) => reply.code(503).send({ n: ++served }));
    app.get('/plain', async () => ({ n: ++served }));
  });

  afterEach(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('serves one answer per URL for ttlMs, with Cache-Control and an ETag, then asks again', async () => {
    const first = await get('/cached');
    expect(first.json()).toEqual({ n: 1, q: {} });
    expect(first.headers['cache-control']).toBe('public, max-age=1');
    expect(first.headers.etag).toMatch(/^W\/".+"$/);

    clock = 999;
    const second = await get('/cached');
    expect(second.json()).toEqual({ n: 1, q: {} });
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);

    clock = 1_000;
    expect((await get('/cached')).json()).toEqual({ n: 2, q: {} });
  });

  it('answers 304 with no body to a matching If-None-Match, from memory or fresh', async () => {
    const { etag } = (await get('/cached')).headers;
    const again = await get('/cached', { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(served).toBe(1);

    clock = 5_000;
    const afterExpiry = await get('/cached', { 'if-none-match': `W/"other", ${String(etag)}` });
    expect(afterExpiry.statusCode).toBe(200);
    expect(afterExpiry.json()).toEqual({ n: 2, q: {} });
  });

  it('sends an answer from memory compressed as the client accepts (br, gzip), with Vary: Accept-Encoding', async () => {
    const first = await get('/cached', { 'accept-encoding': 'gzip, deflate, br' });
    expect(first.headers.vary).toBe('accept-encoding');

    const br = await get('/cached', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual({ n: 1, q: {} });
    const gzip = await get('/cached', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual({ n: 1, q: {} });
    const identity = await get('/cached');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.json()).toEqual({ n: 1, q: {} });
    expect([br, gzip, identity].map((res) => [res.headers.vary, res.headers.etag])).toEqual(Array(3).fill(['accept-encoding', first.headers.etag]));
    expect(served).toBe(1);
  });

  it('keys by the whole URL, keeps at most maxEntries, and never caches errors or unmarked routes', async () => {
    await get('/cached?a=1');
    await get('/cached?a=2');
    await get('/cached?a=3');
    expect((await get('/cached?a=1')).json().n).toBe(4);
    expect((await get('/cached?a=3')).json().n).toBe(3);

    await get('/fails');
    expect((await get('/fails')).json().n).toBe(6);
    await get('/plain');
    const plain = await get('/plain');
    expect(plain.json().n).toBe(8);
    expect(plain.headers.etag).toBeUndefined();
  });
});

describe('registerPublicCache under concurrent misses', () => {
  it('asks the services once for many concurrent misses of one URL, and lets them go on when that fails', async () => {
    const app = Fastify();
    registerPublicCache(app, { ttlMs: 1_000, maxEntries: 10 });
    let calls = 0;
    let fail = true;
    app.get('/slow', { config: { publicCache: true } }, async (_request, reply) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return fail && calls === 1 ? reply.code(503).send({ calls }) : { calls };
    });
    const burst = () => Promise.all(Array.from({ length: 10 }, () => app.inject({ method: 'GET', url: '/slow' })));

    const failed = await burst();
    expect(failed.filter((res) => res.statusCode === 503)).toHaveLength(1);
    expect(failed.filter((res) => res.statusCode === 200)).toHaveLength(9);

    fail = false;
    const callsBefore = calls;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const served = await burst();
    expect(served.every((res) => res.statusCode === 200)).toBe(true);
    expect(calls - callsBefore).toBe(1);
    await app.close();
  });
});

describe('public reads through the gateway', () => {
  it('answer the event list and an event from memory within the TTL', async () => {
    const catalog = fakeCatalog({
      ListEvents: async () => ({ events: [eventMessage()], total: 1, page: 0, limit: 0 }),
      GetEvent: async () => eventMessage(),
    });
    const booking = fakeBooking({ GetEventSeats: async () => seatList() });
    const sut = await buildTestApp({ catalog, booking, config: { PUBLIC_CACHE_TTL_MS: 60_000 } });
    for (let i = 0; i < 3; i++) {
      expect((await sut.request({ method: 'GET', url: '/api/v1/events' })).statusCode).toBe(200);
      expect((await sut.request({ method: 'GET', url: `/api/v1/events/${EVENT_ID}` })).statusCode).toBe(200);
    }
    expect(catalog.ListEvents).toHaveBeenCalledTimes(1);
    expect(catalog.GetEvent).toHaveBeenCalledTimes(1);
    expect(booking.GetEventSeats).toHaveBeenCalledTimes(1);
    await sut.app.close();
  });
});
