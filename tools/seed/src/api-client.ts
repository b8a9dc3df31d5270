import { bearer, createTicresClient, type Schemas } from '@ticres/client';

/** The body of `POST /api/v1/events`, as the API document defines it. */
export type CreateEventBody = Schemas['CreateEventRequest'];

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

const PAGE_SIZE = 100;
/** 429 and 503 are retried this many times, after Retry-After (or a second). */
const RETRIES = 3;
const REQUEST_TIMEOUT_MS = 15_000;

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

/** `fetch` that sends a refused request (429, 503) again after its Retry-After, a few times. */
async function fetchWithRetries(request: Request): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(request.clone(), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if ((response.status !== 429 && response.status !== 503) || attempt >= RETRIES) return response;
    await sleep(Number(response.headers.get('retry-after') ?? '1') * 1_000);
  }
}

/** The body of a success, or an ApiError naming the call. */
function dataOf<Data>(what: string, result: { data?: Data; error?: unknown; response: Response }): Data {
  if (result.data === undefined || !result.response.ok) {
    throw new ApiError(result.response.status, JSON.stringify(result.error ?? null), what);
  }
  return result.data;
}

/** The seeder's calls, through the typed client generated from the API document. */
export function createSeedApi(baseUrl: string): SeedApi {
  const api = createTicresClient({ baseUrl, fetch: fetchWithRetries });

  return {
    async waitUntilReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer';
      while (Date.now() < deadline) {
        try {
          // Plain fetch: a 503 here means "not yet", not "try once more".
          const { response, error } = await api.GET('/readyz', { fetch: (request) => fetch(request, { signal: AbortSignal.timeout(2_000) }) });
          if (response.status === 200) return;
          last = `HTTP ${response.status} ${JSON.stringify(error)}`;
        } catch (error) {
          last = String(error);
        }
        await sleep(500);
      }
      throw new Error(`${baseUrl} was not ready within ${timeoutMs} ms (last: ${last})`);
    },

    async login(email, password) {
      const { data } = dataOf('login', await api.POST('/api/v1/login', { body: { email, password } }));
      return data.access_token;
    },

    async eventExists(name) {
      for (let page = 1; ; page += 1) {
        const query = { search: name, page, limit: PAGE_SIZE };
        const { data, meta } = dataOf('list events', await api.GET('/api/v1/events', { params: { query } }));
        // search matches substrings of names and locations; only the exact name counts.
        if (data.some((event) => event.name === name)) return true;
        if (!meta.has_more) return false;
      }
    },

    async createEvent(body, token) {
      const { data } = dataOf(`create "${body.name}"`, await api.POST('/api/v1/events', { body, headers: bearer(token) }));
      return data;
    },
  };
}
