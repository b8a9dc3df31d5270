/**
 * CPU time of every process a scenario makes work, read from /proc before and after it: each
 * service, the Postgres backends serving the run's database, the shared Redis and RabbitMQ
 * servers, the load generator and the benchmark's own process.
 */
import type pg from 'pg';
import type { Generator } from './loadgen/client.ts';
import { cpuMsOf, pidsByName } from './proc.ts';
import { sleep } from './clock.ts';
import { SERVICES, type Stack } from './stack.ts';

export type CpuSnapshot = Map<string, Map<number, number>>;

export interface CpuUse {
  /** CPU ms per process group during the scenario. */
  ms: Record<string, number>;
  wallMs: number;
}

async function postgresBackends(sql: pg.Client, database: string): Promise<number[]> {
  const { rows } = await sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  return rows.map((row) => row.pid);
}

export interface CpuMeter {
  /** Also measure this process from now on (e.g. the bare Fastify baseline), until untracked. */
  track(group: string, pid: number): void;
  untrack(group: string): void;
  snapshot(): Promise<CpuSnapshot>;
  /** CPU used by each group between two snapshots (processes born in between count from zero). */
  between(before: CpuSnapshot, after: CpuSnapshot, wallMs: number): CpuUse;
  /**
   * Waits (up to `maxMs`) until the stack is quiet: no message waiting in its queues, and the
   * services and Postgres together below 15 % of a core over 300 ms, so work left over from the
   * last scenario (the mails of its holds, outbox relays) is not measured as, nor competes with,
   * the next. Returns how long it waited.
   */
  settle(maxMs?: number): Promise<number>;
  /** Settles, then measures `work` and returns its result with the CPU it cost. */
  measure<T>(work: () => Promise<T>): Promise<{ value: T; cpu: CpuUse }>;
}

const QUIET_WINDOW_MS = 300;
const QUIET_SHARE = 0.15;

export function createCpuMeter(stack: Stack, generator: Generator, settleMaxMs = 10_000): CpuMeter {
  const extra = new Map<string, number>();
  const groups = async (): Promise<Record<string, number[]>> => {
    const pids = stack.pids();
    return {
      ...Object.fromEntries([...extra].map(([group, pid]) => [group, [pid]])),
      ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, [pid]])),
      postgres: await postgresBackends(stack.sql, stack.databaseName),
      'redis (shared)': pidsByName('redis-server'),
      'rabbitmq (shared)': pidsByName('beam.smp'),
      generator: [generator.pid],
      'bench driver': [process.pid],
    };
  };

  const snapshot = async (): Promise<CpuSnapshot> => {
    const result: CpuSnapshot = new Map();
    for (const [group, pids] of Object.entries(await groups())) {
      const perPid = new Map<number, number>();
      for (const pid of pids) {
        const ms = cpuMsOf(pid);
        if (ms !== undefined) perPid.set(pid, ms);
      }
      result.set(group, perPid);
    }
    return result;
  };

  const between = (before: CpuSnapshot, after: CpuSnapshot, wallMs: number): CpuUse => {
    const ms: Record<string, number> = {};
    for (const [group, perPid] of after) {
      let total = 0;
      for (const [pid, cpu] of perPid) total += cpu - (before.get(group)?.get(pid) ?? 0);
      ms[group] = total;
    }
    return { ms, wallMs };
  };

  const settle = async (maxMs = settleMaxMs): Promise<number> => {
    const t0 = performance.now();
    let before = await snapshot();
    while (performance.now() - t0 < maxMs) {
      await sleep(QUIET_WINDOW_MS);
      if ((await stack.pendingMessages()) > 0) {
        before = await snapshot();
        continue;
      }
      const after = await snapshot();
      const use = between(before, after, QUIET_WINDOW_MS);
      const busy = [...SERVICES, 'postgres'].reduce((sum, group) => sum + (use.ms[group] ?? 0), 0);
      if (busy < QUIET_SHARE * QUIET_WINDOW_MS) break;
      before = after;
    }
    return performance.now() - t0;
  };

  return {
    settle,
    track: (group, pid) => void extra.set(group, pid),
    untrack: (group) => void extra.delete(group),
    snapshot,
    between,
    async measure(work) {
      await settle();
      const before = await snapshot();
      const t0 = performance.now();
      const value = await work();
      const wallMs = performance.now() - t0;
      return { value, cpu: between(before, await snapshot(), wallMs) };
    },
  };
}

/** CPU µs per request of each group, and the share of the wall clock each kept a core busy. */
export function perRequest(cpu: CpuUse, requests: number): Record<string, { usPerRequest: number; corePct: number; ms: number }> {
  return Object.fromEntries(
    Object.entries(cpu.ms).map(([group, ms]) => [group, { ms, usPerRequest: (ms * 1000) / Math.max(1, requests), corePct: (100 * ms) / cpu.wallMs }]),
  );
}
