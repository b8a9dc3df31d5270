import { createLogger, type Logger } from '../../src';

/** Silent unless TEST_LOG_LEVEL asks for more, e.g. `TEST_LOG_LEVEL=debug pnpm exec jest`. */
export const testLogger = (): Logger => createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
