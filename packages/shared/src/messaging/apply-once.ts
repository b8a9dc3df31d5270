import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../db/transaction';
import type { EventEnvelope, EventType } from './events';

export type EventHandler<T extends EventType> = (event: EventEnvelope<T>, tx: PoolClient) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * Applies one event at most once per consumer: the inbox row (message id, primary key) and the
 * handler's effect commit together, so a redelivered or concurrently delivered copy finds the row
 * and changes nothing. A concurrent copy waits on the first copy's uncommitted row, then sees it.
 */
export function applyOnce<T extends EventType>(pool: Pool, handlers: EventHandlers, envelope: EventEnvelope<T>): Promise<ApplyOutcome> {
  const handler = handlers[envelope.type];
  if (!handler) return Promise.reject(new Error(`no handler for ${envelope.type}`));
  return withTransaction(pool, async (tx) => {
    const inserted = await tx.query(/* sql */ `INSERT INTO inbox (message_id, type) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING`, [
      envelope.id,
      envelope.type,
    ]);
    if (inserted.rowCount === 0) return 'duplicate';
    await handler(envelope, tx);
    return 'applied';
  });
}
