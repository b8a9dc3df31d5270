import type { Logger } from '@ticres/shared';
import type { SeedApi } from './api-client';
import { toCreateEventBody } from './event-request';
import type { SampleEvent } from './sample-events';

export interface SeedEventsOptions {
  api: SeedApi;
  logger: Logger;
  samples: SampleEvent[];
  admin: { email: string; password: string };
  now: Date;
}

export interface SeedSummary {
  created: number;
  skipped: number;
}

/**
 * Creates each sample event through the public API, as the admin, unless an event of that name
 * already exists: running it again creates nothing new.
 */
export async function seedEvents({ api, logger, samples, admin, now }: SeedEventsOptions): Promise<SeedSummary> {
  const token = await api.login(admin.email, admin.password);
  const summary: SeedSummary = { created: 0, skipped: 0 };
  for (const sample of samples) {
    if (await api.eventExists(sample.name)) {
      summary.skipped += 1;
      logger.debug({ event: sample.name }, 'event exists; skipped');
      continue;
    }
    const body = toCreateEventBody(sample, now);
    const { id } = await api.createEvent(body, token);
    summary.created += 1;
    logger.info({ id, event: body.name, starts_at: body.starts_at }, 'event created');
  }
  return summary;
}
