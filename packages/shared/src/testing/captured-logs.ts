import { Writable } from 'node:stream';
import { createLogger, type Logger, type LoggerOptions } from '../logger';

/** A service's logger (`createLogger`) whose lines are kept, parsed, for a test to read. */
export function captureLogs(options: Partial<LoggerOptions> = {}): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'test', ...options, destination }), lines };
}
