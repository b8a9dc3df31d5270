/**
 * Scenario 4: browsing. The cached event list and a ~300-seat event's detail through the gateway,
 * against a bare Fastify hello-world in a process of its own, each at the same connections, runs
 * interleaved.
 */
import type { Context, Section } from '../context.ts';
import { perRequest } from '../cpu-meter.ts';
import type { SustainedResult } from '../loadgen/protocol.ts';
import { counts, cpuTable, table } from '../markdown.ts';
import { startHello } from '../hello.ts';
import { fmt, fmtSpread, pct, spread } from '../stats.ts';
import { ensureCatalog } from './catalog.ts';

/** What a browser sends: the gateway may answer compressed (bare Fastify's hello-world never does). */
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

interface Target {
  key: 'hello' | 'list' | 'detail';
  title: string;
  origin: string;
  path: string;
}

interface BrowseRun {
  reqPerSec: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  requests: number;
  elapsedMs: number;
  statuses: Record<string, number>;
  generatorCpuMs: number;
  cpu: ReturnType<typeof perRequest>;
}

async function measure(ctx: Context, target: Target, timing: { minMs: number; minRequests: number; maxMs: number }): Promise<BrowseRun> {
  const { value, cpu } = await ctx.meter.measure(() =>
    ctx.generator.run({
      kind: 'sustained',
      origin: target.origin,
      connections: ctx.profile.browse.connections,
      requests: [{ method: 'GET', path: target.path, headers: BROWSER_HEADERS }],
      ...timing,
    }),
  );
  const r: SustainedResult = value.result;
  return {
    reqPerSec: (r.requests * 1000) / r.elapsedMs,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bytesPerResponse: r.bytes / Math.max(1, r.requests),
    requests: r.requests,
    elapsedMs: r.elapsedMs,
    statuses: { ...r.statuses, ...(r.errors ? { error: r.errors } : {}) },
    generatorCpuMs: value.cpuMs,
    cpu: perRequest(cpu, r.requests),
  };
}

export async function browse(ctx: Context): Promise<Section> {
  const { detail } = await ensureCatalog(ctx);
  const helloServer = await startHello();
  ctx.meter.track('fastify hello-world', helloServer.proc.pid);
  const seats = ctx.profile.browse.detailSeats[0] * ctx.profile.browse.detailSeats[1];
  const targets: Target[] = [
    { key: 'hello', title: 'bare Fastify hello-world', origin: helloServer.origin, path: '/' },
    { key: 'list', title: 'GET /api/v1/events (cached)', origin: ctx.api.baseUrl, path: '/api/v1/events' },
    { key: 'detail', title: `GET /api/v1/events/:id (${seats} seats)`, origin: ctx.api.baseUrl, path: `/api/v1/events/${detail.id}` },
  ];
  const runs: Record<Target['key'], BrowseRun[]> = { hello: [], list: [], detail: [] };
  try {
    const { warmupMs, minMs, minRequests, maxMs } = ctx.profile.browse;
    for (const target of targets) await measure(ctx, target, { minMs: warmupMs, minRequests: 0, maxMs: warmupMs });
    for (let run = 1; run <= ctx.profile.runs; run++) {
      for (const target of targets) {
        ctx.log(`browse run ${run}: ${target.title}`);
        const figures = await measure(ctx, target, { minMs, minRequests, maxMs });
        runs[target.key].push(figures);
        const bad = Object.entries(figures.statuses).filter(([status]) => status !== '200');
        ctx.checks.add(`browse run ${run}`, `${target.title}: every answer 200`, bad.length === 0, counts(figures.statuses));
      }
    }
  } finally {
    ctx.meter.untrack('fastify hello-world');
    await helloServer.proc.stop();
  }

  const rows = targets.map((t) => {
    const r = runs[t.key];
    const rps = spread(r.map((x) => x.reqPerSec));
    const ratios = spread(r.map((x, i) => x.reqPerSec / runs.hello[i]!.reqPerSec));
    return [
      t.title,
      fmtSpread(rps),
      t.key === 'hello'
        ? ''
        : `${pct(rps.median, spread(runs.hello.map((x) => x.reqPerSec)).median)} (runs ${fmt(100 * ratios.min)}–${fmt(100 * ratios.max)} %)`,
      fmtSpread(spread(r.map((x) => x.p50)), ' ms'),
      fmtSpread(spread(r.map((x) => x.p99)), ' ms'),
      `${fmt(spread(r.map((x) => x.bytesPerResponse)).median / 1024)} KB`,
      `${fmt(spread(r.map((x) => x.requests)).median)} in ${fmt(spread(r.map((x) => x.elapsedMs)).median / 1000)} s`,
      fmtSpread(spread(r.map((x) => (100 * x.generatorCpuMs) / x.elapsedMs)), ' %'),
    ];
  });
  const markdown = [
    `${ctx.profile.browse.connections} connections, keep-alive; each run lasts until it has ${ctx.profile.browse.minRequests} requests and ` +
      `${ctx.profile.browse.minMs / 1000} s, at most ${ctx.profile.browse.maxMs / 1000} s, after a ${ctx.profile.browse.warmupMs / 1000} s warm-up. ` +
      `${ctx.profile.catalogEvents} events in the catalog. Every request asks as a browser does (\`Accept-Encoding: ${BROWSER_HEADERS['accept-encoding']}\`); ` +
      `"response" is the bytes on the wire. Median (min–max) of ${ctx.profile.runs} run(s).`,
    '',
    table(['', 'req/s', 'vs hello-world', 'p50', 'p99', 'response', 'requests per run', 'generator CPU (% of a core)'], rows),
    '',
    cpuTable(targets.map((t) => ({ title: t.title, runs: runs[t.key].map((x) => x.cpu) }))),
  ].join('\n');
  const hello = spread(runs.hello.map((x) => x.reqPerSec)).median;
  const summary = targets
    .filter((t) => t.key !== 'hello')
    .map((t) => {
      const rps = spread(runs[t.key].map((x) => x.reqPerSec)).median;
      return ['browse', `${t.title} req/s`, fmt(rps), `${fmt(hello)} (bare Fastify)`, pct(rps, hello), '≥ 30 %', rps / hello >= 0.3 ? 'yes' : 'no'];
    });
  return { key: 'browse', title: 'Browse: event list and detail vs bare Fastify', json: runs, markdown, summary };
}
