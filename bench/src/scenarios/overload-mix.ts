/**
 * Scenario 9 (issue 9): overload on one path must not take the others down.
 * - Browsing and holds for a fixed window on their own, then the same window with a login burst
 *   sent at its start (auth at bcrypt cost 12, as the login storm leaves it): neither may lose more
 *   than half its throughput.
 * - A hold storm at rising concurrency, up to far beyond what booking serves in the gateway's
 *   deadline: holds per second stay at their plateau, and nothing but 201, 409 and the documented
 *   503 OVERLOADED comes back.
 */
import { createEvent, msUntilBookable, type CreatedEvent } from '../api.ts';
import { statusCounts } from '../checks.ts';
import type { Context, Section } from '../context.ts';
import type { HttpRequestSpec, SustainedResult } from '../loadgen/protocol.ts';
import { counts, table } from '../markdown.ts';
import { fmt, pct } from '../stats.ts';

const BROWSE_CONNECTIONS = 10;
const HOLD_CONNECTIONS = 10;

interface MixWindow {
  browsePerSec: number;
  holdsPerSec: number;
  browseStatuses: Record<string, number>;
  holdStatuses: Record<string, number>;
}

const perSec = (result: SustainedResult, status: string) => ((result.statuses[status] ?? 0) * 1_000) / result.elapsedMs;

/** One seat, best available, for each buyer in turn. */
function holdRequests(ctx: Context, event: CreatedEvent): HttpRequestSpec[] {
  return ctx.users.map((user) => ({
    method: 'POST',
    path: '/api/v1/bookings',
    headers: { authorization: `Bearer ${user.token}` },
    body: JSON.stringify({ event_id: event.id, quantity: 1 }),
  }));
}

function sustained(ctx: Context, connections: number, requests: HttpRequestSpec[]) {
  const { windowMs } = ctx.profile.overload;
  return ctx.generator.run({ kind: 'sustained', origin: ctx.api.baseUrl, connections, requests, minMs: windowMs, minRequests: 0, maxMs: windowMs });
}

async function browseAndHold(ctx: Context, event: CreatedEvent): Promise<MixWindow> {
  const browsing: HttpRequestSpec[] = [
    { method: 'GET', path: '/api/v1/events' },
    { method: 'GET', path: `/api/v1/events/${event.id}/availability` },
  ];
  const [browse, holds] = await Promise.all([sustained(ctx, BROWSE_CONNECTIONS, browsing), sustained(ctx, HOLD_CONNECTIONS, holdRequests(ctx, event))]);
  return {
    browsePerSec: perSec(browse.result, '200'),
    holdsPerSec: perSec(holds.result, '201'),
    browseStatuses: browse.result.statuses,
    holdStatuses: holds.result.statuses,
  };
}

/** `logins`: a burst of login requests (10x what fits in the deadline) sent as the window opens. */
export async function overloadMix(ctx: Context, logins: HttpRequestSpec[]): Promise<Section> {
  // Large enough that no window sells it out (the profile's rows and seats per row).
  const { windowMs, rows, seatsPerRow, plateauConnections } = ctx.profile.overload;
  const event = await createEvent(ctx.api, ctx.admin, 'Overload mix', [{ name: 'FLOOR', price_cents: 10_000, rows, seats_per_row: seatsPerRow }]);
  await msUntilBookable(ctx.api, event, ctx.users[0]!);

  ctx.log('overload: browsing and holds on their own');
  await ctx.meter.settle();
  const alone = await browseAndHold(ctx, event);
  ctx.log(`overload: browsing and holds with ${logins.length} logins at once`);
  await ctx.meter.settle();
  const [during, burst] = await Promise.all([
    browseAndHold(ctx, event),
    ctx.generator.run({ kind: 'batch', origin: ctx.api.baseUrl, concurrency: logins.length, requests: logins, keepBodies: 'none', timeoutMs: 60_000 }),
  ]);
  const loginStatuses = counts(statusCounts(burst.outcomes));

  const plateau: { connections: number; holdsPerSec: number; attemptsPerSec: number; statuses: Record<string, number> }[] = [];
  for (const connections of plateauConnections) {
    ctx.log(`overload: hold storm on ${connections} connections`);
    await ctx.meter.settle();
    const { result } = await sustained(ctx, connections, holdRequests(ctx, event));
    plateau.push({
      connections,
      holdsPerSec: perSec(result, '201'),
      attemptsPerSec: (result.requests * 1_000) / result.elapsedMs,
      statuses: result.statuses,
    });
    const unexpected = Object.keys(result.statuses).filter((status) => !['201', '409', '503'].includes(status));
    ctx.checks.add(
      `hold storm on ${connections} connections`,
      'only 201, 409 and 503 OVERLOADED; no other 5xx, no dropped request',
      unexpected.length === 0,
      counts(result.statuses),
    );
  }

  for (const [label, window] of [
    ['alone', alone],
    ['during the login burst', during],
  ] as const) {
    const bad = [...Object.keys(window.browseStatuses).filter((s) => s !== '200'), ...Object.keys(window.holdStatuses).filter((s) => s !== '201')];
    ctx.checks.add(
      `browse and holds ${label}`,
      'browsing answers 200 and holds 201',
      bad.length === 0,
      `browse ${counts(window.browseStatuses)}; holds ${counts(window.holdStatuses)}`,
    );
  }

  const peak = Math.max(...plateau.map((p) => p.holdsPerSec));
  const last = plateau.at(-1)!;
  const markdown = [
    `One event of ${rows * seatsPerRow} seats. Windows of ${windowMs / 1000} s: browsing (event list and seat map, ${BROWSE_CONNECTIONS} connections) ` +
      `and holds of one best-available seat (${HOLD_CONNECTIONS} connections), alone and then with ${logins.length} logins sent at once as the window opens ` +
      `(auth at cost 12; logins: ${loginStatuses}).`,
    '',
    table(
      ['window', 'browse req/s', 'holds/s', 'browse answers', 'hold answers'],
      [
        ['alone', fmt(alone.browsePerSec), fmt(alone.holdsPerSec), counts(alone.browseStatuses), counts(alone.holdStatuses)],
        ['with the login burst', fmt(during.browsePerSec), fmt(during.holdsPerSec), counts(during.browseStatuses), counts(during.holdStatuses)],
        ['ratio', pct(during.browsePerSec, alone.browsePerSec), pct(during.holdsPerSec, alone.holdsPerSec), '', ''],
      ],
    ),
    '',
    `Hold storm on the same event, ${windowMs / 1000} s per level:`,
    '',
    table(
      ['connections', 'attempts/s', 'holds/s', 'answers'],
      plateau.map((p) => [String(p.connections), fmt(p.attemptsPerSec), fmt(p.holdsPerSec), counts(p.statuses)]),
    ),
  ].join('\n');
  const keeps = (a: number, b: number) => (a / b >= 0.5 ? 'yes' : 'no');
  const summary = [
    [
      'login storm alongside',
      'browse req/s',
      fmt(during.browsePerSec),
      `${fmt(alone.browsePerSec)} alone`,
      pct(during.browsePerSec, alone.browsePerSec),
      '≥ 50 %',
      keeps(during.browsePerSec, alone.browsePerSec),
    ],
    [
      'login storm alongside',
      'holds/s',
      fmt(during.holdsPerSec),
      `${fmt(alone.holdsPerSec)} alone`,
      pct(during.holdsPerSec, alone.holdsPerSec),
      '≥ 50 %',
      keeps(during.holdsPerSec, alone.holdsPerSec),
    ],
    [
      `hold storm ${last.connections} connections`,
      'holds/s vs the plateau',
      fmt(last.holdsPerSec),
      `${fmt(peak)} (best level)`,
      pct(last.holdsPerSec, peak),
      '≥ 50 %, no collapse',
      keeps(last.holdsPerSec, peak),
    ],
  ];
  return {
    key: 'overload',
    title: 'Overload (issue 9): a login storm beside browsing and holds; the hold plateau',
    json: { alone, during, plateau },
    markdown,
    summary,
  };
}
