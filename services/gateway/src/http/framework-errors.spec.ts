import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { rawRequest, type RawResponse } from '../../test/support/raw-http';
import { buildTestApp, type TestApp } from '../../test/support/test-app';
import { clientErrorResponse } from './client-errors';

/** A string no answer may contain: it marks what the request sent. */
const MARK = 'ECHOED-INPUT-MARK';

const expectProblem = (res: { status: number; headers: Record<string, unknown>; body: string }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(JSON.parse(res.body)).toMatchObject({ status, code, type: expect.stringContaining('/problems/') });
  expect(res.body).not.toContain(MARK);
};

describe('errors before and around the routes: problem+json with a code, echoing nothing', () => {
  let sut: TestApp;
  let port: number;

  beforeAll(async () => {
    sut = await buildTestApp({ config: { HTTP_MAX_HEADER_BYTES: 8_192 } });
    await sut.app.listen({ host: '127.0.0.1', port: 0 });
    port = (sut.app.server.address() as AddressInfo).port;
  });
  afterAll(() => sut.app.close());

  const raw = (lines: string[], body = ''): Promise<RawResponse> => rawRequest(port, `${lines.join('\r\n')}\r\n\r\n${body}`);
  const injected = async (options: InjectOptions) => {
    const res = await sut.app.inject(options);
    return { status: res.statusCode, headers: res.headers, body: res.body };
  };

  describe("Node's HTTP parser, answered on the socket", () => {
    it('431 HEADERS_TOO_LARGE for headers over HTTP_MAX_HEADER_BYTES', async () => {
      const res = await raw(['GET /api/v1/events HTTP/1.1', 'Host: x', `X-Big: ${MARK}${'a'.repeat(10_000)}`]);
      expectProblem(res, 431, 'HEADERS_TOO_LARGE');
      expect(res.headers.connection).toBe('close');
    });

    it('431 for a request line over the limit, without the path in the answer', async () => {
      const res = await raw([`GET /api/v1/events/${MARK}${'p'.repeat(10_000)} HTTP/1.1`, 'Host: x']);
      expectProblem(res, 431, 'HEADERS_TOO_LARGE');
    });

    it.each([
      ['Content-Length together with Transfer-Encoding', ['POST /api/v1/login HTTP/1.1', 'Host: x', 'Content-Length: 2', 'Transfer-Encoding: chunked']],
      ['two different Content-Lengths', ['POST /api/v1/login HTTP/1.1', 'Host: x', 'Content-Length: 2', 'Content-Length: 3']],
      ['a header name with a space', ['GET /api/v1/events HTTP/1.1', 'Host: x', `Bad Header: ${MARK}`]],
      ['not HTTP at all', [`HELLO ${MARK}`]],
      ['a bad chunk size', ['POST /api/v1/login HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked', '', `zz${MARK}`]],
    ])('400 MALFORMED_REQUEST for %s', async (_name, lines) => {
      expectProblem(await raw(lines), 400, 'MALFORMED_REQUEST');
    });

    it('408 REQUEST_TIMEOUT for a request that outlived HTTP_REQUEST_TIMEOUT_MS', () => {
      const [head = '', body = ''] = clientErrorResponse('ERR_HTTP_REQUEST_TIMEOUT').split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    });

    it('404 NOT_FOUND for CONNECT, which Node would answer by closing the connection', async () => {
      const res = await raw([`CONNECT /api/v1/${MARK} HTTP/1.1`, 'Host: x', 'Connection: close']);
      expectProblem(res, 404, 'NOT_FOUND');
    });

    it('serves a request whose Expect is not 100-continue, which Node would answer with a bare 417', async () => {
      const res = await raw(['GET /api/v1/nope HTTP/1.1', 'Host: x', `Expect: ${MARK}`, 'Connection: close']);
      expectProblem(res, 404, 'NOT_FOUND');
    });

    it('still answers a well-formed request on the same server', async () => {
      const res = await raw(['GET /api/v1/nope HTTP/1.1', 'Host: x', 'Connection: close']);
      expectProblem(res, 404, 'NOT_FOUND');
    });
  });

  describe("Fastify's router and body parsing", () => {
    it('414 URI_TOO_LONG for a path segment over maxParamLength, without the path in the answer', async () => {
      expectProblem(await injected({ method: 'GET', url: `/api/v1/events/${MARK}${'x'.repeat(200)}` }), 414, 'URI_TOO_LONG');
    });

    it('400 MALFORMED_REQUEST for a path that is not valid percent-encoding', async () => {
      expectProblem(await injected({ method: 'GET', url: `/api/v1/events/%zz${MARK}` }), 400, 'MALFORMED_REQUEST');
    });

    it('404 NOT_FOUND for an unknown route and for a method a route does not have', async () => {
      expectProblem(await injected({ method: 'GET', url: `/api/v1/${MARK}` }), 404, 'NOT_FOUND');
      expectProblem(await injected({ method: 'PATCH', url: '/api/v1/events' }), 404, 'NOT_FOUND');
    });

    const login = (payload: string, contentType = 'application/json') =>
      injected({ method: 'POST', url: '/api/v1/login', payload, headers: { 'content-type': contentType } });

    it('413 PAYLOAD_TOO_LARGE for a body over BODY_LIMIT_BYTES', async () => {
      expectProblem(await login(JSON.stringify({ email: MARK, password: 'p'.repeat(10_000) })), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('400 MALFORMED_REQUEST for JSON that does not parse, and for a prototype key', async () => {
      expectProblem(await login(`{"email": "${MARK}`), 400, 'MALFORMED_REQUEST');
      expectProblem(await login(`{"__proto__": {"x": "${MARK}"}, "email": "a", "password": "b"}`), 400, 'MALFORMED_REQUEST');
    });

    it('415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON', async () => {
      expectProblem(await login(`email=${MARK}`, 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await login(MARK, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });
});
