import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { startPeriodicTask, type PeriodicTask } from '../periodic-task';
import { pruneOldRows, type PrunableRows } from './prune-old-rows';

/**
 * A service's housekeeping configuration (`housekeepingConfigShape` and the retention shapes it
 * has): the rows of each kind whose retention is set are pruned, the others left alone.
 */
export interface HousekeepingSettings {
  HOUSEKEEPING_INTERVAL_MS: number;
  HOUSEKEEPING_BATCH_SIZE: number;
  OUTBOX_RETENTION_HOURS?: number;
  INBOX_RETENTION_HOURS?: number;
  NOTIFICATION_RETENTION_HOURS?: number;
}

const RETENTION_OF: Record<PrunableRows, keyof HousekeepingSettings> = {
  outbox: 'OUTBOX_RETENTION_HOURS',
  inbox: 'INBOX_RETENTION_HOURS',
  sentNotifications: 'NOTIFICATION_RETENTION_HOURS',
};

export interface HousekeepingOptions {
  pool: Pool;
  logger: Logger;
  settings: HousekeepingSettings;
}

export type Housekeeping = () => Promise<Partial<Record<PrunableRows, number>>>;

/**
 * One housekeeping run: prunes the service's old outbox, inbox and sent-notification rows (see
 * `pruneOldRows`), logs and resolves with what it deleted. Every replica runs it; the batches skip
 * rows another replica is deleting, so they share the work.
 */
export function createHousekeeping({ pool, logger, settings }: HousekeepingOptions): Housekeeping {
  const kinds = (Object.keys(RETENTION_OF) as PrunableRows[]).filter((kind) => settings[RETENTION_OF[kind]] !== undefined);
  return async () => {
    const deleted: Partial<Record<PrunableRows, number>> = {};
    for (const kind of kinds) {
      const hours = settings[RETENTION_OF[kind]] as number;
      const count = await pruneOldRows(pool, kind, { retentionSeconds: hours * 3600, batchSize: settings.HOUSEKEEPING_BATCH_SIZE });
      if (count > 0) deleted[kind] = count;
    }
    if (Object.keys(deleted).length > 0) logger.info({ deleted }, 'old rows pruned');
    return deleted;
  };
}

/** Runs `createHousekeeping` every HOUSEKEEPING_INTERVAL_MS; stop it before the pool closes. */
export function startHousekeeping(options: HousekeepingOptions): PeriodicTask {
  return startPeriodicTask({
    name: 'housekeeping',
    intervalMs: options.settings.HOUSEKEEPING_INTERVAL_MS,
    run: createHousekeeping(options),
    logger: options.logger,
  });
}
