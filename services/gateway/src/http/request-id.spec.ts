import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { currentRequestId } from '@ticres/shared';
import { fakeAuth } from '../../test/support/fake-clients';
import { USER } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/**
 * Over a real socket (not `inject`): the request body arrives in the socket's own asynchronous
 * context, which is where a request id kept in AsyncLocalStorage gets lost.
 */
describe('X-Request-Id', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  /** The request id the fake auth saw while serving each Register call, as a gRPC client would send it. */
  const seenByAuth: (string | undefined)[] = [];

  beforeAll(async () => {
    const auth = fakeAuth({
      Register: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        seenByAuth.push(currentRequestId());
        return USER;
      },
    });
    ({ app } = await buildTestApp({ auth }));
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${path}`, { headers });

  it('is generated at random for a request without one, different each time', async () => {
    const [first, second] = await Promise.all([get('/healthz'), get('/healthz')]);
    expect(first.headers.get('x-request-id')).toMatch(UUID);
    expect(second.headers.get('x-request-id')).toMatch(UUID);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('echoes a well-formed incoming id and replaces a malformed one', async () => {
    expect((await get('/healthz', { 'x-request-id': 'lb-7f3a:42' })).headers.get('x-request-id')).toBe('lb-7f3a:42');
    expect((await get('/healthz', { 'x-request-id': 'has spaces' })).headers.get('x-request-id')).toMatch(UUID);
  });

  it('is the trace id of an incoming traceparent when no id is given', async () => {
    const res = await get('/healthz', { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` });
    expect(res.headers.get('x-request-id')).toBe(TRACE_ID);
  });

  it('is in every problem document as request_id, the router’s own errors included', async () => {
    for (const path of ['/api/v1/nope', `/api/v1/events/${'x'.repeat(200)}`, '/api/v1/events/%E0%A4%A']) {
      const res = await get(path, { 'x-request-id': 'problem-1' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('x-request-id')).toBe('problem-1');
      expect(await res.json()).toMatchObject({ request_id: 'problem-1' });
    }
  });

  it('is what the gRPC calls made for a request carry, its body arriving after the headers', async () => {
    const body = JSON.stringify({ name: 'Ann', email: 'ann@example.com', password: 'correct horse' });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(`${baseUrl}/api/v1/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-request-id': 'signup-7' },
      });
      request.on('response', (response) => resolve(response.resume().statusCode)).on('error', reject);
      request.flushHeaders();
      // The rest of the request comes in later packets, read outside the hooks' context.
      setTimeout(() => request.end(body), 50);
    });
    expect(status).toBe(201);
    expect(seenByAuth).toEqual(['signup-7']);
  });
});
