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

/** Writes an outbox row behind enqueueEvent's back: a row another process committed, as the relay sees it. */
export async function insertAsAnotherProcess(pool: Pool): Promise<string> {
  const id = newId();
  await pool.query(/* sql */ `INSERT INTO outbox (id, type, aggregate_id, payload) VALUES ($1, 'event.cancelled', $1, $2::jsonb)`, [
    id,
    JSON.stringify({ event_id: id, reason: 'another process', cancelled_at: new Date().toISOString() }),
  ]);
  return id;
}

export async function pendingIds(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(/* sql */ `SELECT id FROM outbox WHERE published_at IS NULL`);
  return rows.map((row) => row.id);
}
