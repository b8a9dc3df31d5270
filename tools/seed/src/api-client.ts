import type { CreateEventBody } from './event-request';

/** What the seeder needs of the gateway's HTTP API. */
export interface SeedApi {
  /** Resolves once GET /readyz answers 200; rejects after `timeoutMs`. */
  waitUntilReady(timeoutMs: number): Promise<void>;
  /** The access token of the account. */
  login(email: string, password: string): Promise<string>;
  /** Whether an event with exactly this name exists, in any status. */
  eventExists(name: string): Promise<boolean>;
  createEvent(body: CreateEventBody, token: string): Promise<{ id: string }>;
}

interface EventsPage {
  data: { id: string; name: string }[];
  meta: { has_more: boolean };
}

const PAGE_SIZE = 100;
/** 429 and 503 are retried this many times, after Retry-After (or a second). */
const RETRIES = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failed call, with the problem+json `code` and `detail` the gateway answered. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} failed: HTTP ${status} ${body.slice(0, 500)}`);
    this.name = 'ApiError';
  }
}

export function createSeedApi(baseUrl: string): SeedApi {
  async function call<T>(what: string, path: string, init: RequestInit = {}, expected = 200): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      if (res.status === expected) return JSON.parse(text) as T;
      if ((res.status === 429 || res.status === 503) && attempt < RETRIES) {
        await sleep(Number(res.headers.get('retry-after') ?? '1') * 1_000);
        continue;
      }
      throw new ApiError(res.status, text, what);
    }
  }
  const json = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  return {
    async waitUntilReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer';
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
          if (res.status === 200) return;
          last = `HTTP ${res.status} ${await res.text()}`;
        } catch (error) {
          last = String(error);
        }
        await sleep(500);
      }
      throw new Error(`${baseUrl} was not ready within ${timeoutMs} ms (last: ${last})`);
    },

    async login(email, password) {
      const { data } = await call<{ data: { access_token: string } }>(
        'login',
        '/api/v1/login',
        json({ email, password }),
      );
      return data.access_token;
    },

    async eventExists(name) {
      for (let page = 1; ; page += 1) {
        const query = new URLSearchParams({ search: name, page: String(page), limit: String(PAGE_SIZE) });
        const { data, meta } = await call<EventsPage>('list events', `/api/v1/events?${query}`);
        // search matches substrings of names and locations; only the exact name counts.
        if (data.some((event) => event.name === name)) return true;
        if (!meta.has_more) return false;
      }
    },

    async createEvent(body, token) {
      const { data } = await call<{ data: { id: string } }>(
        `create "${body.name}"`,
        '/api/v1/events',
        json(body, token),
        201,
      );
      return data;
    },
  };
}
