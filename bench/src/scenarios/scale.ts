/**
 * Scenario 7: the scale curve. Per event size (1k, 10k and the stadium's 50k seats): bookable
 * time, seat-map size and time, best-available holds. Per catalog size (the browse catalog's
 * events, then ~10k): list and search latency. The 10k events are written straight into
 * catalog's schema (and booking's projection of events, without seats) with one INSERT each,
 * because creating them through the API would take minutes; catalog's cache version is then
 * bumped, as a write through the API would.
 */
import type { Context, Section } from '../context.ts';
import { perRequest } from '../cpu-meter.ts';
import type { HttpRequestSpec } from '../loadgen/protocol.ts';
import { counts, table } from '../markdown.ts';
import { fmt } from '../stats.ts';
import { sleep } from '../clock.ts';
import { CITIES } from './catalog.ts';
import { eventAtScale, type ScaleFigures } from './event-at-scale.ts';
import { kb } from './stadium.ts';

interface ListFigures {
  events: number;
  endpoint: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  statuses: Record<string, number>;
  gatewayUs: number;
  catalogUs: number;
  postgresUs: number;
  generatorCpuMs: number;
}

async function eventCount(ctx: Context): Promise<number> {
  const { rows } = await ctx.stack.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.events');
  return rows[0]!.n;
}

/** List and search latency with the catalog as it is now. */
export async function listFigures(ctx: Context): Promise<ListFigures[]> {
  const events = await eventCount(ctx);
  const lastPage = Math.max(1, Math.ceil(events / 100));
  const endpoints: [string, HttpRequestSpec[]][] = [
    ['list, first page (cached)', [{ method: 'GET', path: '/api/v1/events' }]],
    [`list, page ${lastPage} (100 per page)`, [{ method: 'GET', path: `/api/v1/events?page=${lastPage}&limit=100` }]],
    ['search "Jakarta" (cached)', [{ method: 'GET', path: '/api/v1/events?search=Jakarta' }]],
    [
      'search, a new term each request (not cached)',
      Array.from({ length: 20_000 }, (_, i) => ({ method: 'GET' as const, path: `/api/v1/events?search=q${i}x${events}` })),
    ],
  ];
  const figures: ListFigures[] = [];
  for (const [endpoint, requests] of endpoints) {
    ctx.log(`scale: ${endpoint} with ${events} events`);
    const { value, cpu } = await ctx.meter.measure(() =>
      ctx.generator.run({
        kind: 'sustained',
        origin: ctx.api.baseUrl,
        connections: ctx.profile.browse.connections,
        requests,
        minMs: ctx.profile.scale.listMs,
        minRequests: 0,
        maxMs: ctx.profile.scale.listMs,
      }),
    );
    const r = value.result;
    const per = perRequest(cpu, r.requests);
    const statuses = { ...r.statuses, ...(r.errors ? { error: r.errors } : {}) };
    ctx.checks.add(
      `scale (${events} events)`,
      `${endpoint}: every answer 200`,
      Object.keys(statuses).every((s) => s === '200'),
      counts(statuses),
    );
    figures.push({
      events,
      endpoint,
      reqPerSec: (r.requests * 1000) / r.elapsedMs,
      p50: r.latency.p50,
      p99: r.latency.p99,
      bytesPerResponse: r.bytes / Math.max(1, r.requests),
      statuses,
      gatewayUs: per.gateway?.usPerRequest ?? NaN,
      catalogUs: per.catalog?.usPerRequest ?? NaN,
      postgresUs: per.postgres?.usPerRequest ?? NaN,
      generatorCpuMs: value.cpuMs,
    });
  }
  return figures;
}

/** `count` more events, straight into catalog's schema and booking's projection. */
export async function insertManyEvents(ctx: Context, count: number): Promise<number> {
  const { sql } = ctx.stack;
  const started = performance.now();
  const sections = JSON.stringify([{ name: 'Main', price_cents: 10_000_000, rows: 2, seats_per_row: 10, capacity: 20 }]);
  await sql.query('BEGIN');
  await sql.query(
    `CREATE TEMP TABLE bulk_events ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, 'Bulk event ' || i AS name, ($2::text[])[1 + i % array_length($2::text[], 1)] AS location,
            now() + interval '40 days' + i * interval '7 minutes' AS starts_at
     FROM generate_series(1, $1::int) AS i`,
    [count, CITIES],
  );
  await sql.query(
    `INSERT INTO catalog.events (id, name, description, location, starts_at, currency, status, organizer_id, sections, capacity, created_at, updated_at)
     SELECT id, name, name || ': bulk-inserted by the benchmark.', location, starts_at, 'IDR', 'available', $1, $2::jsonb, 20, now(), now()
     FROM bulk_events`,
    [ctx.admin.id, sections],
  );
  await sql.query(
    `INSERT INTO booking.events (id, name, status, starts_at, currency, organizer_id, snapshot_at)
     SELECT id, name, 'available', starts_at, 'IDR', $1, now() FROM bulk_events`,
    [ctx.admin.id],
  );
  await sql.query('COMMIT');
  // What a write through the API does: every cached list is stale from now on.
  await ctx.stack.redis().incr(`${ctx.stack.cachePrefix}:version`);
  await sleep(1_100);
  return performance.now() - started;
}

export interface ScaleInput {
  /** List figures with the browse catalog, measured before anything else grew the catalog. */
  smallCatalog: ListFigures[];
  stadium?: ScaleFigures;
}

export async function scale(ctx: Context, input: ScaleInput): Promise<Section> {
  const { midRows, midSeatsPerRow, fetches, manyEvents } = ctx.profile.scale;
  const concurrency = ctx.profile.stadium.concurrency;
  const { rows, seatsPerRow } = ctx.profile.onsale;
  // Hold storms that leave seats over, so each size is measured selling, not sold out.
  const attemptsFor = (seats: number) => Math.max(10, Math.min(ctx.profile.scale.holdAttempts, Math.floor(seats / 4)));
  const sizes: ScaleFigures[] = [
    await eventAtScale(ctx, 'scale 1k', rows, seatsPerRow, attemptsFor(rows * seatsPerRow), concurrency, fetches),
    await eventAtScale(ctx, 'scale 10k', midRows, midSeatsPerRow, attemptsFor(midRows * midSeatsPerRow), concurrency, fetches),
    ...(input.stadium ? [input.stadium] : []),
  ];

  const toInsert = Math.max(0, manyEvents - (await eventCount(ctx)));
  ctx.log(`scale: inserting ${toInsert} events into catalog's schema`);
  const insertMs = await insertManyEvents(ctx, toInsert);
  const bigCatalog = await listFigures(ctx);

  const sizeRows = sizes.map((f) => [
    `${fmt(f.seats)} seats`,
    `${fmt(f.bookableMs)} ms`,
    `${kb(f.encodings.identity.wireBytes)} / ${kb(f.encodings.gzip.wireBytes)} / ${kb(f.encodings.br.wireBytes)}`,
    `${fmt(f.coldFetch.ms)} ms`,
    `${fmt(f.encodings.identity.warmMedianMs)} ms`,
    `${f.holds.attempts}`,
    `${fmt(f.holds.attemptsPerSec)}`,
    `${fmt(f.holds.p50)} / ${fmt(f.holds.p99)} ms`,
    `${fmt(f.holds.cpuPerAttempt.booking?.usPerRequest ?? NaN)} µs`,
    `${fmt(f.holds.cpuPerAttempt.postgres?.usPerRequest ?? NaN)} µs`,
  ]);
  const listRows = [...input.smallCatalog, ...bigCatalog].map((f) => [
    `${fmt(f.events)}`,
    f.endpoint,
    fmt(f.reqPerSec),
    `${fmt(f.p50)} / ${fmt(f.p99)} ms`,
    kb(f.bytesPerResponse),
    `${fmt(f.gatewayUs)} / ${fmt(f.catalogUs)} / ${fmt(f.postgresUs)} µs`,
  ]);
  const markdown = [
    "Per event size: a fresh event each (the largest is the stadium's), best-available holds of 1-4 seats at concurrency " +
      `${concurrency}, as many attempts as leave seats over (seats / 4, at most ${ctx.profile.scale.holdAttempts}; the stadium's: ${ctx.profile.stadium.holdAttempts}).`,
    '',
    table(
      [
        'event',
        'bookable after',
        'seat map identity / gzip / br',
        'first fetch',
        'warm fetch',
        'hold attempts',
        'attempts/s',
        'p50 / p99',
        'booking CPU/attempt',
        'Postgres CPU/attempt',
      ],
      sizeRows,
    ),
    '',
    `Per catalog size: ${ctx.profile.browse.connections} connections, ${ctx.profile.scale.listMs / 1000} s each. The ~${fmt(manyEvents)}-event catalog: ` +
      `${fmt(toInsert)} events inserted straight into catalog.events and booking.events (no seats) in ${fmt(insertMs)} ms (incl. 1.1 s for caches to turn over), catalog's cache version bumped.`,
    '',
    table(['events', 'request', 'req/s', 'p50 / p99', 'response', 'CPU/request gateway / catalog / Postgres'], listRows),
  ].join('\n');
  return {
    key: 'scale',
    title: 'Scale curve: seats per event and events in the catalog',
    json: { sizes, smallCatalog: input.smallCatalog, bigCatalog, insertMs },
    markdown,
  };
}
