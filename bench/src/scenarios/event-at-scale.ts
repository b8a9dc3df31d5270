/**
 * One event of a given size, measured as an on-sale meets it: time from POST /events until a seat
 * can be held, the seat map (size on the wire, raw and compressed, cold and warm, ETag -> 304),
 * then a storm of best-available holds. Used by the stadium (50,000 seats) and the scale curve.
 */
import { createEvent, msUntilBookable } from '../api.ts';
import { sleep } from '../clock.ts';
import type { Context } from '../context.ts';
import { detailSeatCount, fetchSeatMap, SEAT_MAP_PATH, type SeatMapFetch } from '../seatmap.ts';
import { spread } from '../stats.ts';
import { bestAvailableAttempts } from '../workload.ts';
import { apiHoldStorm, type StormFigures } from './hold-storm.ts';

export const ENCODINGS = ['identity', 'gzip', 'br'] as const;

export interface EncodingFigures {
  /** What the server answered with (`identity` when it did not compress). */
  contentEncoding: string;
  wireBytes: number;
  /** Warm fetches (after the first of the event), ms. */
  warmMs: number[];
  warmMedianMs: number;
}

export interface ScaleFigures {
  label: string;
  seats: number;
  seatMapPath: string;
  createMs: number;
  bookableMs: number;
  /** The event's first seat-map fetch after it became bookable (identity). */
  coldFetch: SeatMapFetch;
  encodings: Record<(typeof ENCODINGS)[number], EncodingFigures>;
  etag?: string;
  cacheControl?: string;
  conditional?: { status: number; ms: number; wireBytes: number };
  holds: StormFigures;
}

export async function eventAtScale(
  ctx: Context,
  label: string,
  rows: number,
  perRow: number,
  holdAttempts: number,
  concurrency: number,
  fetches: number,
): Promise<ScaleFigures> {
  const seats = rows * perRow;
  ctx.log(`${label}: creating an event of ${rows} x ${perRow} = ${seats} seats`);
  const event = await createEvent(ctx.api, ctx.admin, `${label} (${seats} seats)`, [
    { name: 'Floor', price_cents: 20_000_000, rows, seats_per_row: perRow },
  ]);
  const bookableMs = await msUntilBookable(ctx.api, event, ctx.admin);

  const base = ctx.api.baseUrl;
  const coldFetch = await fetchSeatMap(base, event.id);
  ctx.checks.add(label, `seat map ${SEAT_MAP_PATH('<id>')} answers 200`, coldFetch.status === 200, `HTTP ${coldFetch.status}`);
  if (coldFetch.seats !== undefined) ctx.checks.add(label, 'seat map lists every seat', coldFetch.seats === seats, `${coldFetch.seats} of ${seats}`);
  // Above booking's EVENT_DETAIL_MAX_SEATS the detail counts the seats and links the map instead of listing them.
  const detail = await detailSeatCount(base, event.id);
  ctx.checks.add(label, 'GET /events/:id accounts for every seat (listed, or counted with the seat map path)', detail.seats === seats, detail.form);

  const encodings = {} as ScaleFigures['encodings'];
  for (const encoding of ENCODINGS) {
    const runs: SeatMapFetch[] = [];
    for (let i = 0; i < fetches; i++) runs.push(await fetchSeatMap(base, event.id, { acceptEncoding: encoding }));
    const warmMs = runs.map((r) => r.ms);
    encodings[encoding] = { contentEncoding: runs[0]!.contentEncoding, wireBytes: runs[0]!.wireBytes, warmMs, warmMedianMs: spread(warmMs).median };
  }
  let conditional: ScaleFigures['conditional'];
  if (coldFetch.etag) {
    const again = await fetchSeatMap(base, event.id, { ifNoneMatch: coldFetch.etag });
    conditional = { status: again.status, ms: again.ms, wireBytes: again.wireBytes };
  }

  ctx.log(`${label}: ${holdAttempts} best-available hold attempts at concurrency ${concurrency}`);
  const holds = await apiHoldStorm(ctx, `${label} holds`, event, bestAvailableAttempts(holdAttempts, seats), [], concurrency);

  // A client reading the map after the storm sees every held seat (the design allows 1 s of lag).
  await sleep(1_100);
  const after = await fetchSeatMap(base, event.id);
  if (after.taken !== undefined) {
    ctx.checks.add(
      label,
      'the seat map shows every held seat as taken (1.1 s after)',
      after.taken === holds.seatsHeld,
      `${after.taken} shown, ${holds.seatsHeld} held`,
    );
  }

  return {
    label,
    seats,
    seatMapPath: SEAT_MAP_PATH(':id'),
    createMs: event.createMs,
    bookableMs,
    coldFetch,
    encodings,
    etag: coldFetch.etag,
    cacheControl: coldFetch.cacheControl,
    conditional,
    holds,
  };
}
