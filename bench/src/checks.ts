/**
 * Correctness checks: each scenario records what it verified; a failed check fails the run (and
 * the smoke's exit code), however fast it was.
 */
import type pg from 'pg';
import type { Outcome } from './loadgen/protocol.ts';
import { counts } from './markdown.ts';

export interface Check {
  scenario: string;
  name: string;
  ok: boolean;
  detail: string;
}

export class Checks {
  readonly all: Check[] = [];

  add(scenario: string, name: string, ok: boolean, detail = ''): boolean {
    this.all.push({ scenario, name, ok, detail });
    process.stderr.write(`[bench]   ${ok ? 'ok  ' : 'FAIL'} ${scenario}: ${name}${detail ? ` (${detail})` : ''}\n`);
    return ok;
  }

  get failed(): Check[] {
    return this.all.filter((check) => !check.ok);
  }
}

/** Status counts of the answers, with `error` for no answer at all. */
export function statusCounts(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status === 0 ? 'error' : String(o.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Problem `code`s of the non-2xx answers, e.g. {"409 SEAT_UNAVAILABLE": 3000}. */
export function problemCodes(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.status >= 200 && o.status < 300) continue;
    let code = o.code ?? o.error ?? '';
    if (!code && o.body) {
      try {
        code = (JSON.parse(o.body) as { code?: string }).code ?? '';
      } catch {
        code = o.body.slice(0, 60);
      }
    }
    const key = `${o.status || 'error'} ${code}`.trim();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const serverErrors = (outcomes: readonly Outcome[]) => outcomes.filter((o) => o.status >= 500 || o.status === 0).length;

export interface SeatLedger {
  capacity: number;
  /** Seats with status held or sold. */
  taken: number;
  available: number;
  /** Items of live (PENDING or PAID) bookings. */
  liveItems: number;
  /** Seats in more than one live booking. */
  seatsInTwoBookings: number;
  /** Seats held or sold whose booking_id is not a live booking holding them. */
  inconsistentSeats: number;
}

/** What the database says about an event's seats, in `schema` (booking's, or the raw-SQL copy). */
export async function seatLedger(sql: pg.Client, schema: string, eventId: string): Promise<SeatLedger> {
  const s = sql.escapeIdentifier(schema);
  const { rows } = await sql.query<Record<keyof SeatLedger, number>>(
    `SELECT
       (SELECT count(*) FROM ${s}.seats WHERE event_id = $1)::int AS capacity,
       (SELECT count(*) FROM ${s}.seats WHERE event_id = $1 AND status IN ('held', 'sold'))::int AS taken,
       (SELECT count(*) FROM ${s}.seats WHERE event_id = $1 AND status = 'available')::int AS available,
       (SELECT count(*) FROM ${s}.booking_items i JOIN ${s}.bookings b ON b.id = i.booking_id
         WHERE b.event_id = $1 AND b.status IN ('PENDING', 'PAID'))::int AS "liveItems",
       (SELECT count(*) FROM (SELECT i.seat_id FROM ${s}.booking_items i JOIN ${s}.bookings b ON b.id = i.booking_id
         WHERE b.event_id = $1 AND b.status IN ('PENDING', 'PAID') GROUP BY i.seat_id HAVING count(*) > 1) twice)::int
         AS "seatsInTwoBookings",
       (SELECT count(*) FROM ${s}.seats t WHERE t.event_id = $1 AND t.status IN ('held', 'sold') AND NOT EXISTS (
         SELECT 1 FROM ${s}.booking_items i JOIN ${s}.bookings b ON b.id = i.booking_id
         WHERE i.seat_id = t.id AND b.id = t.booking_id AND b.status IN ('PENDING', 'PAID')))::int AS "inconsistentSeats"`,
    [eventId],
  );
  return rows[0]!;
}

/**
 * The on-sale checks common to every hold storm: no 5xx (or dropped request), never more seats
 * taken than exist, no seat in two live bookings, the database and the winners' answers agree.
 */
export function checkHoldStorm(
  checks: Checks,
  scenario: string,
  outcomes: readonly Outcome[],
  heldSeatIds: readonly string[][],
  ledger: SeatLedger,
): void {
  const errors = serverErrors(outcomes);
  const which = counts(problemCodes(outcomes.filter((o) => o.status >= 500 || o.status === 0)));
  checks.add(scenario, '0 x 5xx or transport error', errors === 0, `${errors} of ${outcomes.length}${errors ? `: ${which}` : ''}`);
  const answered = heldSeatIds.flat();
  const distinct = new Set(answered).size;
  checks.add(scenario, 'no seat in two winners’ answers', distinct === answered.length, `${answered.length} seats in 201s, ${distinct} distinct`);
  checks.add(
    scenario,
    'seats taken never more than exist',
    ledger.taken <= ledger.capacity && answered.length <= ledger.capacity,
    `${ledger.taken} taken, ${answered.length} in 201s, ${ledger.capacity} exist`,
  );
  checks.add(scenario, 'no seat in two live bookings (database)', ledger.seatsInTwoBookings === 0, `${ledger.seatsInTwoBookings}`);
  checks.add(
    scenario,
    'database agrees with the winners (seats taken = live items = seats in 201s)',
    ledger.taken === ledger.liveItems && ledger.taken === answered.length && ledger.inconsistentSeats === 0,
    `taken ${ledger.taken}, live items ${ledger.liveItems}, in 201s ${answered.length}, inconsistent ${ledger.inconsistentSeats}`,
  );
}

/**
 * The holds of a storm through the API came from the load generator's callers, each from its own
 * address, and booking recorded each address (the per-address rule is on): a storm from one
 * address, or with the rule off, would measure a hold without the address's lock and count.
 */
export async function checkClientAddresses(
  checks: Checks,
  sql: pg.Client,
  scenario: string,
  eventId: string,
  { callers, holds }: { callers: number; holds: number },
): Promise<void> {
  const { rows } = await sql.query<{ addresses: number }>(
    `SELECT count(DISTINCT client_address)::int AS addresses FROM booking.bookings WHERE event_id = $1`,
    [eventId],
  );
  const addresses = rows[0]!.addresses;
  checks.add(
    scenario,
    'holds from many client addresses, each recorded (database)',
    addresses >= Math.min(callers, holds) / 2,
    `${addresses} addresses over ${holds} holds from ${callers} callers`,
  );
}
