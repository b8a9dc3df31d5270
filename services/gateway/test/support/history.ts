import { setTimeout as delay } from 'node:timers/promises';
import type { ApiResponse, RequestOptions } from './http';
import type { UntypedApiClient } from './untyped-http';

/** One request of a history test and what came back: an HTTP status, or the error that replaced it. */
export interface HistoryEntry {
  actor: string;
  method: string;
  path: string;
  startedAt: number;
  endedAt: number;
  /** 0 when no HTTP answer arrived at all (connection refused or reset). */
  status: number;
  code: string | undefined;
  /** The `data` of a success. */
  data: unknown;
}

/** A deterministic pseudo-random sequence (mulberry32), so a failing history can be replayed by its seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [0, n). */
    below: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** Answers a careful client sends again unchanged: the service was out of reach, or an earlier try is still settling. */
const isRetryable = (res: ApiResponse | undefined) =>
  res === undefined || res.status === 503 || (res.status === 409 && (res.body as { code?: string })?.code === 'IDEMPOTENCY_IN_PROGRESS');

/**
 * The API as the history test's clients use it: every request and its answer recorded; requests
 * carrying an Idempotency-Key (and reads) sent again, the same, on 503 or IDEMPOTENCY_IN_PROGRESS
 * (after Retry-After, capped) until `giveUpAfterMs`, as a client that honours the contract does.
 */
export function recordingClient(api: UntypedApiClient, { giveUpAfterMs = 20_000, maxWaitMs = 1_000 } = {}) {
  const entries: HistoryEntry[] = [];

  async function once(actor: string, method: string, path: string, send: () => Promise<ApiResponse>): Promise<ApiResponse | undefined> {
    const startedAt = Date.now();
    let res: ApiResponse | undefined;
    try {
      res = await send();
    } catch {
      res = undefined;
    }
    const body = res?.body as { code?: string; data?: unknown } | undefined;
    entries.push({ actor, method, path, startedAt, endedAt: Date.now(), status: res?.status ?? 0, code: body?.code, data: body?.data });
    return res;
  }

  async function request(actor: string, method: 'GET' | 'POST' | 'DELETE', path: string, body: unknown, options: RequestOptions & { retry: boolean }) {
    const send = () => (method === 'GET' ? api.get(path, options) : method === 'POST' ? api.post(path, body, options) : api.delete(path, options));
    const deadline = Date.now() + giveUpAfterMs;
    for (;;) {
      const res = await once(actor, method, path, send);
      if (!options.retry || !isRetryable(res) || Date.now() > deadline) return res;
      const retryAfter = Number(res?.headers.get('retry-after') ?? '0.2') * 1_000;
      await delay(Math.min(Math.max(retryAfter, 100), maxWaitMs));
    }
  }

  return {
    entries,
    get: (actor: string, path: string, options: RequestOptions = {}) => request(actor, 'GET', path, undefined, { ...options, retry: true }),
    post: (actor: string, path: string, body: unknown, options: RequestOptions = {}) =>
      request(actor, 'POST', path, body, { ...options, retry: Boolean(options.headers?.['idempotency-key']) }),
    /** Cancelling is idempotent (cancelling a cancelled booking or event changes nothing): sent again on 503. */
    delete: (actor: string, path: string, options: RequestOptions = {}) => request(actor, 'DELETE', path, undefined, { ...options, retry: true }),
  };
}

export type RecordingClient = ReturnType<typeof recordingClient>;
