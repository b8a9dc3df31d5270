import type { Queryable } from '../db/transaction';

/**
 * The rows housekeeping may delete, by table: each kind names the table and the column that says
 * since when a row is no longer needed. Table and column are written into the SQL as identifiers,
 * so they come from this fixed map only, never from input.
 */
export const PRUNABLE_ROWS = {
  /** Published outbox rows (pending ones are never touched: their `published_at` is NULL). */
  outbox: { table: 'outbox', since: 'published_at' },
  /** The consumer's dedupe record of applied messages. */
  inbox: { table: 'inbox', since: 'received_at' },
  /** The notifier's record of every mail it sent. */
  sentNotifications: { table: 'sent_notifications', since: 'sent_at' },
} as const;

export type PrunableRows = keyof typeof PRUNABLE_ROWS;

export interface PruneOptions {
  /** Rows whose `since` column is older than this are deleted. */
  retentionSeconds: number;
  /** Rows deleted per statement: each statement locks at most this many rows, briefly. */
  batchSize: number;
}

/**
 * Deletes the `kind` rows older than the retention, a batch per statement (each its own
 * transaction when `db` is a pool), until a batch comes back short; resolves with how many went.
 * Replica-safe: a batch takes only rows no one else has locked (`SKIP LOCKED`), so two replicas
 * pruning at once split the rows instead of waiting on each other, and no statement holds more
 * than `batchSize` row locks for more than its own run.
 */
export async function pruneOldRows(db: Queryable, kind: PrunableRows, { retentionSeconds, batchSize }: PruneOptions): Promise<number> {
  const { table, since } = PRUNABLE_ROWS[kind];
  let total = 0;
  for (;;) {
    // `ctid = ANY(ARRAY(...))` plans as a TID scan; `ctid IN (SELECT ...)` as a hash join over a
    // sequential scan of the whole table.
    const { rowCount } = await db.query(
      /* sql */ `
      DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM ${table}
        WHERE ${since} < now() - make_interval(secs => $1)
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      ))`,
      [retentionSeconds, batchSize],
    );
    const deleted = rowCount ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
