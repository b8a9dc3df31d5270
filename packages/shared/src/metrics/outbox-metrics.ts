import { escapeIdentifier } from 'pg';
import type { Registry } from 'prom-client';
import type { Pool } from '../db/pool';
import { gaugesOfReading } from './scrape-reading';

interface OutboxBacklog {
  rows: number;
  oldest_age_seconds: number;
}

/**
 * How far the outbox relay is behind, read at scrape time with one query on the `outbox_pending`
 * partial index (only unpublished rows): `ticres_outbox_unpublished_messages` and
 * `ticres_outbox_oldest_unpublished_age_seconds` (0 when nothing waits). Every replica reports the
 * same table, so dashboards and alerts take the max per service.
 */
export function observeOutbox(registry: Registry, pool: Pool, schema: string): void {
  const table = `${escapeIdentifier(schema)}.outbox`;
  const read = async () => {
    const { rows } = await pool.query<OutboxBacklog>(/* sql */ `
      SELECT count(*)::int AS rows,
             COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_age_seconds
      FROM ${table}
      WHERE published_at IS NULL`);
    return rows[0]!;
  };
  gaugesOfReading(registry, read, [
    { name: 'ticres_outbox_unpublished_messages', help: 'Outbox rows not yet published to the broker.', valueOf: (b) => b.rows },
    {
      name: 'ticres_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when none waits).',
      valueOf: (b) => b.oldest_age_seconds,
    },
  ]);
}
