import type { Pool } from 'pg';
import { enqueueEvent, newId, withTransaction } from '../../src';

/** Enqueues one `event.cancelled` in a committed transaction, as a service would; returns its id. */
export function enqueueCancellation(pool: Pool, reason = 'test'): Promise<string> {
  const eventId = newId();
  return withTransaction(pool, (tx) =>
    enqueueEvent(tx, {
      type: 'event.cancelled',
      aggregateId: eventId,
      data: { event_id: eventId, reason, cancelled_at: new Date().toISOString() },
    }),
  );
}

/** Writes an outbox row without pg_notify: what a lost notification looks like to the relay. */
export async function insertWithoutNotify(pool: Pool): Promise<string> {
  const id = newId();
  await pool.query(
    /* sql */ `INSERT INTO outbox (id, type, aggregate_id, payload) VALUES ($1, 'event.cancelled', $1, $2::jsonb)`,
    [id, JSON.stringify({ event_id: id, reason: 'no notify', cancelled_at: new Date().toISOString() })],
  );
  return id;
}

export async function pendingIds(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(/* sql */ `SELECT id FROM outbox WHERE published_at IS NULL`);
  return rows.map((row) => row.id);
}

/** The backend pid of the relay's LISTEN connection, once LISTEN has completed on it. */
export async function listenerPid(pool: Pool, schema: string, notPid?: number): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>(
    /* sql */ `
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND state = 'idle' AND query = $1 AND pid <> $2`,
    [`LISTEN "outbox_${schema}"`, notPid ?? 0],
  );
  return rows[0]?.pid;
}
