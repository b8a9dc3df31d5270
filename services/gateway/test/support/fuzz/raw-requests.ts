import fc from 'fast-check';
import { ECHO_MARK } from './hostile-values';

/** Bytes of a text where each char code below 256 is one byte (so controls and obs-text go out as they are). */
const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Any byte but CR and LF, which would end the line early. */
const lineText = (maxLength: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0, max: 0xff })
      .filter((code) => code !== 0x0a && code !== 0x0d)
      .map((code) => String.fromCharCode(code)),
    maxLength,
  });

const requestLine = fc.tuple(
  fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'get', 'G ET', 'PRI', 'CONNECT'), lineText(8)),
  fc.oneof(
    fc.constantFrom('/api/v1/events', '/api/v1/bookings', '/api/v1/login', '/healthz', '*', 'http://x/api/v1/events', '//', '/api/v1/events?page=1e400'),
    lineText(30).map((text) => `/api/v1/${ECHO_MARK}${text}`),
  ),
  fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', 'HTTP/0.9', 'http/1.1', ''),
);

const headerLine = fc.oneof(
  fc
    .tuple(fc.constantFrom('content-type', 'authorization', 'accept-encoding', 'x-request-id', 'idempotency-key', 'host', 'expect'), lineText(30))
    .map(([name, value]) => `${name}: ${value}`),
  fc.tuple(lineText(12), lineText(30)).map(([name, value]) => `${name}: ${ECHO_MARK}${value}`),
  fc.constantFrom(
    ' folded continuation',
    'no-colon',
    ': empty-name',
    'Transfer-Encoding: chunked',
    'Content-Length: -1',
    'Content-Length: 1e400',
    'Content-Length: 0, 0',
  ),
);

/**
 * Whole requests with broken request lines, headers of any bytes and bodies of any bytes,
 * complete and with `Connection: close`, so the server answers and closes instead of waiting
 * for more.
 */
export const rawHttpRequest: fc.Arbitrary<Buffer> = fc
  .tuple(requestLine, fc.array(headerLine, { maxLength: 4 }), fc.uint8Array({ maxLength: 40 }))
  .map(([[method, target, version], headers, body]) =>
    Buffer.concat([
      latin1(`${method} ${target} ${version}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((line) => `${line}\r\n`).join('')}`),
      latin1(`Content-Length: ${body.length}\r\n\r\n`),
      Buffer.from(body),
    ]),
  );
