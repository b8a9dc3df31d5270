/**
 * One storm of hold attempts on one event, through the API (or the raw-SQL ceiling), with its
 * figures and its correctness checks. Shared by the on-sale, stadium and scale scenarios.
 */
import type { CreatedEvent } from '../api.ts';
import { checkClientAddresses, checkHoldStorm, problemCodes, seatLedger, statusCounts, type SeatLedger } from '../checks.ts';
import type { Context } from '../context.ts';
import { perRequest, type CpuUse } from '../cpu-meter.ts';
import type { HttpRequestSpec, Outcome } from '../loadgen/protocol.ts';
import { percentile } from '../stats.ts';
import { seatIdsOf, type Attempt } from '../workload.ts';

export interface StormFigures {
  attempts: number;
  wallMs: number;
  attemptsPerSec: number;
  holds: number;
  seatsHeld: number;
  /** Holds per second while seats were selling: winners / time of the last winner's answer. */
  holdsPerSec: number;
  /** From the first attempt sent to the last winner's answer. */
  msToLastHold: number;
  soldOut: boolean;
  p50: number;
  p99: number;
  winnersP50: number;
  winnersP99: number;
  losersP50: number;
  losersP99: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  cpuPerAttempt: ReturnType<typeof perRequest>;
  generatorCpuMs: number;
  ledger: SeatLedger;
}

const latencies = (outcomes: readonly Outcome[]) => outcomes.map((o) => o.end - o.start);

/** `wallMs` is measured from the first attempt sent to the last answer (set-up excluded). */
export function stormFigures(
  outcomes: readonly Outcome[],
  held: readonly string[][],
  cpu: CpuUse,
  generatorCpuMs: number,
  ledger: SeatLedger,
): StormFigures {
  const t0 = Math.min(...outcomes.map((o) => o.start));
  const wallMs = Math.max(...outcomes.map((o) => o.end)) - t0;
  const winners = outcomes.filter((o) => o.status === 201);
  const losers = outcomes.filter((o) => o.status === 409);
  const lastWin = winners.length ? Math.max(...winners.map((o) => o.end)) - t0 : NaN;
  return {
    attempts: outcomes.length,
    wallMs,
    attemptsPerSec: (outcomes.length * 1000) / wallMs,
    holds: winners.length,
    seatsHeld: held.flat().length,
    holdsPerSec: (winners.length * 1000) / lastWin,
    msToLastHold: lastWin,
    soldOut: ledger.available === 0,
    p50: percentile(latencies(outcomes), 0.5),
    p99: percentile(latencies(outcomes), 0.99),
    winnersP50: percentile(latencies(winners), 0.5),
    winnersP99: percentile(latencies(winners), 0.99),
    losersP50: percentile(latencies(losers), 0.5),
    losersP99: percentile(latencies(losers), 0.99),
    statuses: statusCounts(outcomes),
    codes: problemCodes(outcomes),
    cpuPerAttempt: perRequest(cpu, outcomes.length),
    generatorCpuMs,
    ledger,
  };
}

/** The hold requests of the attempts, spread round-robin over the buyers. */
export function holdRequests(ctx: Context, eventId: string, attempts: readonly Attempt[], seatIds: readonly string[]): HttpRequestSpec[] {
  return attempts.map((attempt, i) => ({
    method: 'POST',
    path: '/api/v1/bookings',
    headers: { authorization: `Bearer ${ctx.users[i % ctx.users.length]!.token}` },
    body: JSON.stringify(
      'seats' in attempt ? { event_id: eventId, seat_ids: seatIdsOf(attempt, seatIds) } : { event_id: eventId, quantity: attempt.quantity },
    ),
  }));
}

/** Storms the event through the gateway, then checks the seats in booking's schema. */
export async function apiHoldStorm(
  ctx: Context,
  scenario: string,
  event: CreatedEvent,
  attempts: readonly Attempt[],
  seatIds: readonly string[],
  concurrency: number,
): Promise<StormFigures> {
  const requests = holdRequests(ctx, event.id, attempts, seatIds);
  const { value: result, cpu } = await ctx.meter.measure(() =>
    ctx.generator.run({ kind: 'batch', origin: ctx.api.baseUrl, concurrency, requests, keepBodies: '2xx' }),
  );
  ctx.log(`${scenario}: ${result.outcomes.length} attempts in ${Math.round(result.wallMs)} ms`);
  const held = result.outcomes
    .filter((o) => o.status === 201 && o.body)
    .map((o) => (JSON.parse(o.body!) as { data: { seats: { id: string }[] } }).data.seats.map((s) => s.id));
  const ledger = await seatLedger(ctx.stack.sql, 'booking', event.id);
  checkHoldStorm(ctx.checks, scenario, result.outcomes, held, ledger);
  await checkClientAddresses(ctx.checks, ctx.stack.sql, scenario, event.id, { callers: Math.min(concurrency, requests.length), holds: held.length });
  return stormFigures(result.outcomes, held, cpu, result.cpuMs, ledger);
}
