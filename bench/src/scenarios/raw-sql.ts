/**
 * The on-sale's ceiling: booking's own migrations (services/booking/migrations/*.sql) applied to a
 * scratch schema of the run's database, an event with the same layout, and the same attempts sent
 * as raw SQL by the load generator (loadgen/rawsql-job.ts) at the same concurrency.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkHoldStorm, seatLedger } from '../checks.ts';
import type { Context } from '../context.ts';
import { REPO_ROOT } from '../stack.ts';
import { seatIdsOf, type Attempt } from '../workload.ts';
import { stormFigures, type StormFigures } from './hold-storm.ts';

export const RAW_SCHEMA = 'bench_raw';
const MIGRATIONS = path.join(REPO_ROOT, 'services', 'booking', 'migrations');

/** Creates the scratch schema from booking's migrations, in file order. */
export async function prepareRawSchema(ctx: Context): Promise<string[]> {
  const { sql } = ctx.stack;
  const files = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  await sql.query(`DROP SCHEMA IF EXISTS ${RAW_SCHEMA} CASCADE; CREATE SCHEMA ${RAW_SCHEMA}`);
  for (const file of files) {
    await sql.query('BEGIN');
    try {
      await sql.query(`SET LOCAL search_path = ${RAW_SCHEMA}`);
      await sql.query(readFileSync(path.join(MIGRATIONS, file), 'utf8'));
      await sql.query('COMMIT');
    } catch (error) {
      await sql.query('ROLLBACK');
      throw new Error(`raw-SQL schema: ${file}: ${(error as Error).message}`);
    }
  }
  return files;
}

export interface RawEvent {
  id: string;
  /** Seat ids in layout order. */
  seatIds: string[];
}

/** An event of `rows` x `perRow` seats of one section, as booking materializes them. */
export async function createRawEvent(ctx: Context, rows: number, perRow: number, priceCents: number): Promise<RawEvent> {
  const { sql } = ctx.stack;
  const id = randomUUID();
  await sql.query(
    `INSERT INTO ${RAW_SCHEMA}.events (id, name, status, starts_at, currency, organizer_id, snapshot_at)
     VALUES ($1, 'raw ceiling', 'available', now() + interval '30 days', 'IDR', $2, now())`,
    [id, ctx.admin.id],
  );
  const { rows: seats } = await sql.query<{ id: string }>(
    `INSERT INTO ${RAW_SCHEMA}.seats (id, event_id, label, section, section_position, "row", number, ordinal, price_cents)
     SELECT gen_random_uuid(), $1, 'Main-' || r || '-' || n, 'Main', 0, r::text, n, (r - 1) * $3 + n, $4
     FROM generate_series(1, $2) AS r, generate_series(1, $3) AS n
     ORDER BY r, n
     RETURNING id`,
    [id, rows, perRow, priceCents],
  );
  return { id, seatIds: seats.map((s) => s.id) };
}

export async function rawHoldStorm(
  ctx: Context,
  scenario: string,
  event: RawEvent,
  attempts: readonly Attempt[],
  concurrency: number,
): Promise<StormFigures> {
  const job = {
    kind: 'rawsql' as const,
    connectionString: ctx.stack.adminUrl,
    schema: RAW_SCHEMA,
    poolSize: ctx.profile.rawPoolSize,
    concurrency,
    eventId: event.id,
    currency: 'IDR',
    holdTtlSeconds: 900,
    attempts: attempts.map((a) => ('seats' in a ? { seatIds: seatIdsOf(a, event.seatIds) } : { quantity: a.quantity })),
    userIds: ctx.users.map((u) => u.id),
  };
  const { value: result, cpu } = await ctx.meter.measure(() => ctx.generator.run(job));
  ctx.log(`${scenario}: ${result.outcomes.length} attempts in ${Math.round(result.wallMs)} ms`);
  const held = result.outcomes.filter((o) => o.status === 201).map((o) => o.seatIds ?? []);
  const ledger = await seatLedger(ctx.stack.sql, RAW_SCHEMA, event.id);
  checkHoldStorm(ctx.checks, scenario, result.outcomes, held, ledger);
  return stormFigures(result.outcomes, held, cpu, result.cpuMs, ledger);
}
