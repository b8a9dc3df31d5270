import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '@ticres/shared';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';
import { SECURITY_HEADERS } from './security-headers';

/** Node's HTTP parser errors, by their code, as the client's problem. */
const PARSER_ERRORS: Record<string, { code: ErrorCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', detail: 'The request line and headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', detail: 'The request did not arrive in time.' },
};

const MALFORMED = { code: 'MALFORMED_REQUEST', detail: 'The request is not valid HTTP/1.1.' } as const;

/** The raw HTTP/1.1 answer to a parser error: a problem document, then the connection closes. */
export function clientErrorResponse(errorCode: string | undefined): string {
  const { code, detail } = PARSER_ERRORS[errorCode ?? ''] ?? MALFORMED;
  return rawProblemResponse(code, detail);
}

/** A problem document as raw HTTP/1.1, announcing that the connection closes after it. */
function rawProblemResponse(code: ErrorCode, detail: string): string {
  const problem = toProblem(code, detail);
  const body = JSON.stringify(problem);
  const headers = {
    'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...SECURITY_HEADERS,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refused (headers over `maxHeaderSize`,
 * broken framing such as Content-Length with Transfer-Encoding, a request that outlived
 * `requestTimeout`) never reaches Fastify's error handler, so the answer is written on the socket
 * here, problem+json like every other, echoing nothing of the request.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // As Node's own default does: the answer, then the connection goes, since its framing is lost.
  if (socket.writable) socket.write(clientErrorResponse(error.code));
  socket.destroy();
}

/**
 * Requests Node's server answers by itself when nothing listens for them, without a problem
 * document: a CONNECT (a tunnel, as asked of a proxy), whose connection Node closes without a
 * word, gets the 404 of any request for no route; an `Expect` other than `100-continue`, which
 * Node answers with a bare 417, is served like any other request (RFC 9110 lets a server ignore
 * an expectation it does not know).
 */
export function answerEveryRequest(server: Server): void {
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.end(rawProblemResponse('NOT_FOUND', 'No such route.'));
  });
  server.on('checkExpectation', (request, response) => server.emit('request', request, response));
}
