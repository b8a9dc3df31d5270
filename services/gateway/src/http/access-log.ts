import type { FastifyInstance } from 'fastify';

/**
 * Logs one line per answered request: method, path, status and time taken. Fastify's own
 * request logging writes two lines (arrival and completion) with whole request serialisations;
 * at an on-sale's request rate the log is a hot path, so it says what an operator reads and no
 * more. Bodies, headers and tokens are never logged.
 */
export function logEachResponse(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    done();
  });
}
