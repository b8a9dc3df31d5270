import path from 'node:path';
import { commonConfigShape, ConfigError, createLogger, env, loadConfig } from '@ticres/shared';
import { z } from 'zod';
import { createSeedApi } from './api-client';
import { readSampleEvents } from './sample-events';
import { seedEvents } from './seed-events';

const configShape = {
  ...commonConfigShape,
  /** The gateway, whose public API creates the events. */
  GATEWAY_URL: env.url().default('http://127.0.0.1:8080'),
  ADMIN_EMAIL: z.string().min(1).default('admin@ticres.com'),
  ADMIN_PASSWORD: z.string().min(1).default('admin123'),
  SAMPLE_EVENTS_FILE: z
    .string()
    .min(1)
    .default(path.resolve(__dirname, '..', 'sample-events.json')),
  /** How long to wait for the gateway's /readyz (compose starts the seeder with the stack). */
  SEED_READY_TIMEOUT_SECONDS: env.int(0, 600).default(60),
};

/** `pnpm run seed` (after the admin seed in services/auth): the sample events, through the API. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(configShape);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: 'seed', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
  try {
    const samples = await readSampleEvents(config.SAMPLE_EVENTS_FILE);
    const api = createSeedApi(config.GATEWAY_URL.replace(/\/+$/, ''));
    await api.waitUntilReady(config.SEED_READY_TIMEOUT_SECONDS * 1_000);
    const summary = await seedEvents({
      api,
      logger,
      samples,
      admin: { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
      now: new Date(),
    });
    logger.info({ ...summary, total: samples.length }, 'sample events seeded');
  } catch (error) {
    logger.error({ err: error }, 'seeding the sample events failed');
    process.exitCode = 1;
  }
}

void main();
