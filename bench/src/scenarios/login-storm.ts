/**
 * Scenario 8 (issue 9): the login storm. Auth restarted with BCRYPT_COST=12; bursts of logins at
 * 1x, 3x and 10x what the machine can verify within the gateway's deadline (GRPC_DEADLINE_MS),
 * each against raw bcrypt.compare at the same cost and concurrency in a process of its own, in the
 * same run. Auth is restarted before each burst so compares left queued by callers that gave up
 * do not spill into the next one, then warmed with a few logins, as a running auth is.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import bcrypt from 'bcrypt';
import type { BcryptStormRequest, BcryptStormResult } from '../bcrypt-storm.ts';
import { statusCounts } from '../checks.ts';
import type { Context, Section } from '../context.ts';
import type { HttpRequestSpec } from '../loadgen/protocol.ts';
import { counts, table } from '../markdown.ts';
import { startHello } from '../hello.ts';
import { memoryOf } from '../proc.ts';
import { fmt, percentile, pct, times } from '../stats.ts';

const PASSWORD = 'storm-password-1';
/** Compares at once that measure the machine's rate (four waves on libuv's default pool of 4). */
const CALIBRATION_COMPARES = 16;
/** Longest wait for the stack to go quiet before each burst and each raw run. */
const SETTLE_MS = 5_000;
/**
 * Logins after each restart, before the burst: auth as it is on the day, having served logins
 * before, so its password queue has timed real jobs instead of judging by its start-up estimate.
 */
const WARM_UP_LOGINS = 4;

function rawCompares(request: BcryptStormRequest): Promise<BcryptStormResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, '..', 'bcrypt-storm.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: BcryptStormResult | undefined;
    // The compares still queued go on burning both cores until the process is gone (an exit of its
    // own waits for libuv's threads): killed, and only then reported, so they never overlap the burst.
    child.once('message', (message) => {
      result = message as BcryptStormResult;
      child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`bcrypt storm exited with ${code}`))));
    child.send(request);
  });
}

interface RawLevel {
  served: number;
  perSec: number;
  p50: number;
}

/** Served within the deadline, per second of the window (until the last one, or the deadline). */
function rawFigures(result: BcryptStormResult, deadlineMs: number): RawLevel {
  const served = result.finished.filter((ms) => ms <= deadlineMs);
  const window = served.length === result.count ? Math.max(...served) : deadlineMs;
  return { served: served.length, perSec: (served.length * 1000) / window, p50: percentile(served, 0.5) };
}

/** Bare Fastify answering a burst 503 at once: how fast a refusal can be on this machine. */
interface RefusalFloor {
  p50: number;
  max: number;
}

/** Each burst sent to a bare Fastify route that answers 503 with Retry-After at once, in a process of its own. */
async function refusalFloors(ctx: Context, bursts: HttpRequestSpec[][]): Promise<RefusalFloor[]> {
  const hello = await startHello();
  try {
    const floors: RefusalFloor[] = [];
    for (const requests of bursts) {
      const { outcomes } = await ctx.generator.run({ kind: 'batch', origin: hello.origin, concurrency: requests.length, requests, keepBodies: 'none' });
      const latencies = outcomes.map((o) => o.end - o.start);
      floors.push({ p50: percentile(latencies, 0.5), max: Math.max(...latencies) });
    }
    return floors;
  } finally {
    await hello.proc.stop();
  }
}

interface StormLevel {
  multiple: number;
  requests: number;
  raw: RawLevel;
  ok: number;
  okInDeadline: number;
  loginsPerSec: number;
  servedP50: number;
  answeredAfterDeadline: number;
  refused: number;
  refusedP50: number;
  refusedMax: number;
  refusedWithRetryAfter: number;
  statuses: Record<string, number>;
  generatorCpuMs: number;
  /** auth's peak RSS over the burst (it is restarted before each). */
  authPeakRssMb: number;
}

/** `count` accounts whose passwords are hashed at `cost`, written straight into auth's schema. */
async function stormAccounts(ctx: Context, count: number, cost: number): Promise<string[]> {
  const hash = await bcrypt.hash(PASSWORD, cost);
  const tag = randomBytes(4).toString('hex');
  const { rows } = await ctx.stack.sql.query<{ email: string }>(
    `INSERT INTO auth.users (id, name, email, password_hash, role)
     SELECT gen_random_uuid(), 'Storm ' || i, 'storm-' || i || '-' || $3::text || '@bench.example.com', $2, 'customer'
     FROM generate_series(1, $1::int) AS i RETURNING email`,
    [count, hash, tag],
  );
  return rows.map((r) => r.email);
}

/** The report's section, and the largest burst's requests (for the overload scenario that follows). */
const burstOf = (emails: readonly string[], count: number): HttpRequestSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    method: 'POST',
    path: '/api/v1/login',
    body: JSON.stringify({ email: emails[i % emails.length], password: PASSWORD }),
  }));

export async function loginStorm(ctx: Context): Promise<{ section: Section; largestBurst: HttpRequestSpec[] }> {
  const scenario = 'login storm';
  const { cost, multiples, fixedCounts } = ctx.profile.login;
  const deadlineMs = Number(ctx.stack.settings.GRPC_DEADLINE_MS ?? 5_000);

  ctx.log(`login storm: calibrating raw bcrypt.compare at cost ${cost}`);
  await ctx.meter.settle(SETTLE_MS);
  const calibration = await rawCompares({ cost, count: CALIBRATION_COMPARES, deadlineMs: 60_000 });
  const comparesPerSec = (calibration.finished.length * 1000) / Math.max(...calibration.finished);
  const capacity = Math.max(1, Math.floor((comparesPerSec * deadlineMs) / 1000));
  const levels = fixedCounts ?? multiples.map((m) => m * capacity);
  const emails = await stormAccounts(ctx, Math.max(...levels), cost);

  const results: StormLevel[] = [];
  for (const [index, requests] of levels.entries()) {
    const multiple = fixedCounts ? requests / capacity : multiples[index]!;
    await ctx.stack.restartAuth({ BCRYPT_COST: String(cost) });
    for (const email of emails.slice(0, WARM_UP_LOGINS)) {
      ctx.api.data(await ctx.api.call('POST', '/api/v1/login', { body: { email, password: PASSWORD } }), 200, 'warm-up login');
    }
    ctx.log(`login storm: ${requests} logins at once (${fmt(multiple)}x), and raw compares`);
    await ctx.meter.settle(SETTLE_MS);
    const raw = rawFigures(await rawCompares({ cost, count: requests, deadlineMs }), deadlineMs);
    await ctx.meter.settle(SETTLE_MS);
    const job = await ctx.generator.run({
      kind: 'batch',
      origin: ctx.api.baseUrl,
      concurrency: requests,
      requests: burstOf(emails, requests),
      keepBodies: '2xx',
      keepHeaders: ['retry-after'],
      timeoutMs: 120_000,
    });
    const outcomes = job.outcomes;
    const latency = (o: (typeof outcomes)[number]) => o.end - o.start;
    const t0 = Math.min(...outcomes.map((o) => o.start));
    const ok = outcomes.filter((o) => o.status === 200);
    const okInDeadline = ok.filter((o) => latency(o) <= deadlineMs);
    const window = okInDeadline.length === outcomes.length ? Math.max(...ok.map((o) => o.end - t0)) : deadlineMs;
    const refused = outcomes.filter((o) => o.status === 503 || o.status === 429);
    results.push({
      multiple,
      requests,
      raw,
      ok: ok.length,
      okInDeadline: okInDeadline.length,
      loginsPerSec: (okInDeadline.length * 1000) / window,
      servedP50: percentile(ok.map(latency), 0.5),
      answeredAfterDeadline: outcomes.filter((o) => o.status !== 0 && latency(o) > deadlineMs).length,
      refused: refused.length,
      refusedP50: percentile(refused.map(latency), 0.5),
      refusedMax: refused.length ? Math.max(...refused.map(latency)) : NaN,
      refusedWithRetryAfter: refused.filter((o) => o.headers?.['retry-after'] !== undefined).length,
      statuses: statusCounts(outcomes),
      generatorCpuMs: job.cpuMs,
      authPeakRssMb: memoryOf(ctx.stack.pids().auth)?.peakRssMb ?? NaN,
    });

    const label = `${scenario} ${requests} logins`;
    const unexpected = outcomes.filter((o) => ![200, 429, 503].includes(o.status));
    ctx.checks.add(
      label,
      'every answer is 200, or a refusal (503 / 429); no other 5xx, no dropped request',
      unexpected.length === 0,
      counts(statusCounts(outcomes)),
    );
    const tokenless = ok.filter((o) => !o.body?.includes('"access_token"')).length;
    ctx.checks.add(label, 'every 200 carries an access token', tokenless === 0, `${tokenless} without`);
  }

  const floors = await refusalFloors(
    ctx,
    levels.map((count) => burstOf(emails, count)),
  );
  const rows = results.map((r, i) => [
    `${fmt(r.multiple)}x`,
    `${r.requests}`,
    `${r.raw.served}, ${fmt(r.raw.perSec)}/s, p50 ${fmt(r.raw.p50)} ms`,
    `${r.okInDeadline}, ${fmt(r.loginsPerSec)}/s`,
    pct(r.loginsPerSec, r.raw.perSec),
    `${fmt(r.servedP50)} ms (${times(r.servedP50, r.raw.p50)})`,
    `${r.answeredAfterDeadline}`,
    r.refused ? `${r.refused}: p50 ${fmt(r.refusedP50)} ms, max ${fmt(r.refusedMax)} ms; Retry-After on ${r.refusedWithRetryAfter}` : '0',
    `p50 ${fmt(floors[i]!.p50)} ms, max ${fmt(floors[i]!.max)} ms`,
    counts(r.statuses),
    fmt(r.generatorCpuMs),
    `${fmt(r.authPeakRssMb)} MB`,
  ]);
  const markdown = [
    `Auth restarted with BCRYPT_COST=${cost}; the accounts' hashes (cost ${cost}) written into auth.users. Raw bcrypt.compare at that cost: ` +
      `${fmt(comparesPerSec)}/s (${CALIBRATION_COMPARES} at once, default libuv pool), so ${capacity} fit in the gateway's deadline of ${deadlineMs} ms: that is 1x. ` +
      `Each burst is sent at once, then the same number of raw compares in a process of its own; "served" counts answers within the deadline, ` +
      `per second of the window until the last of them (or the deadline when some were not served). ` +
      `The floor of a refusal's time: the same burst sent to a bare Fastify route answering 503 with Retry-After at once, in a process of its own.`,
    '',
    table(
      [
        'burst',
        'logins',
        'raw compares served (in deadline)',
        'TicRes 200 in deadline',
        'logins/s vs raw',
        'p50 of served (vs raw p50)',
        'answered after the deadline',
        'refused (503/429)',
        'bare Fastify answering the burst 503 (floor)',
        'answers',
        'generator CPU (ms)',
        'auth peak RSS',
      ],
      rows,
    ),
  ].join('\n');
  const summary = results.flatMap((r, i) => {
    const burst = `login storm ${fmt(r.multiple)}x (${r.requests})`;
    const refusedFast = r.refused === 0 || (r.refusedMax < 100 && r.refusedWithRetryAfter === r.refused);
    return [
      [
        burst,
        'successful logins/s',
        fmt(r.loginsPerSec),
        `${fmt(r.raw.perSec)} raw compares/s`,
        pct(r.loginsPerSec, r.raw.perSec),
        '≥ 80 %',
        r.loginsPerSec / r.raw.perSec >= 0.8 ? 'yes' : 'no',
      ],
      [burst, 'answered after the deadline', String(r.answeredAfterDeadline), '', '', '0', r.answeredAfterDeadline === 0 ? 'yes' : 'no'],
      [
        burst,
        'refused: latency, Retry-After',
        r.refused ? `${r.refused}, max ${fmt(r.refusedMax)} ms, ${r.refusedWithRetryAfter} with Retry-After` : 'none',
        `max ${fmt(floors[i]!.max)} ms (bare Fastify 503)`,
        r.refused ? times(r.refusedMax, floors[i]!.max) : '',
        '< 100 ms, 503 + Retry-After',
        refusedFast ? 'yes' : 'no',
      ],
      ...(r.multiple === 1
        ? [
            [
              burst,
              'p50 of served logins',
              `${fmt(r.servedP50)} ms`,
              `${fmt(r.raw.p50)} ms raw`,
              times(r.servedP50, r.raw.p50),
              '≤ 1.5x',
              r.servedP50 / r.raw.p50 <= 1.5 ? 'yes' : 'no',
            ],
          ]
        : []),
    ];
  });
  const section = {
    key: 'login',
    title: 'Login storm (issue 9): logins vs raw bcrypt',
    json: { cost, deadlineMs, comparesPerSec, capacity, levels: results, refusalFloors: floors },
    markdown,
    summary,
  };
  return { section, largestBurst: burstOf(emails, Math.max(...levels)) };
}
