import type { FastifyInstance } from 'fastify';

/**
 * Logs one line per answered request: request id, method, path, status and time taken. Fastify's
 * own request logging writes two lines (arrival and completion) with whole request serialisations;
 * at an on-sale's request rate the log is a hot path, so it says what an operator reads and no
 * more. Bodies, headers and tokens are never logged, so the line skips the logger's redaction,
 * which would run each of its fields through every redacted path (~5 µs of a cached read's
 * ~65 µs); every other line keeps it.
 */
export function logEachResponse(app: FastifyInstance): void {
  const accessLog = app.log.child({}, { redact: [] });
  app.addHook('onResponse', (request, reply, done) => {
    accessLog.info(
      { request_id: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
    done();
  });
}
