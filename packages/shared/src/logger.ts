import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-id';

export type { Logger } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'payment_token',
  '*.payment_token',
  'private_key',
  '*.private_key',
];

export interface LoggerOptions {
  service: string;
  level?: string;
  pretty?: boolean;
  /** Where lines go; standard output by default. */
  destination?: pino.DestinationStream;
  /**
   * Adds `request_id` of the request the code runs for (`withRequestId`); default true. The gateway
   * turns it off: Fastify binds the id to each request's logger itself.
   */
  requestIdFromContext?: boolean;
}

/** JSON logs with the active trace id, the request id and secrets redacted; pretty-printed in development. */
export function createLogger({ service, level = 'info', pretty = false, destination, requestIdFromContext = true }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const span = trace.getActiveSpan();
      const requestId = requestIdFromContext ? currentRequestId() : undefined;
      return {
        ...(span ? { trace_id: span.spanContext().traceId } : {}),
        ...(requestId ? { request_id: requestId } : {}),
      };
    },
    ...(pretty && !destination ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  };
  if (destination) return pino(options, destination);
  if (pretty) return pino(options);
  // Buffered, asynchronous writes: a synchronous write(2) per line is a hot-path cost under load.
  // Buffered lines are flushed when the process exits, however it exits short of SIGKILL.
  return pino(options, pino.destination({ dest: 1, sync: false, minLength: 4_096 }));
}
