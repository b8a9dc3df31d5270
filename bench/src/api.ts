/**
 * The benchmark's own calls to the API while it sets a scenario up (accounts, events, probes);
 * never part of a measured load, which the load generator sends.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { Agent, request } from 'undici';
import { now, sleep } from './clock.ts';

const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000, headersTimeout: 120_000, bodyTimeout: 120_000 });

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface Api {
  baseUrl: string;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** The `data` of a 2xx answer with the expected status; throws with the answer otherwise. */
  data<T>(answer: Answer, expected: number, what: string): T;
}

export function createApi(baseUrl: string): Api {
  return {
    baseUrl,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const res = await request(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        dispatcher: agent,
      });
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    },
    data<T>(answer: Answer, expected: number, what: string): T {
      if (answer.status !== expected) throw new Error(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
      return (JSON.parse(answer.text) as { data: T }).data;
    },
  };
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export async function registerAndLogin(api: Api, label: string): Promise<Account> {
  const email = `${label}-${randomBytes(6).toString('hex')}@bench.example.com`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = api.data<{ id: string }>(
    await api.call('POST', '/api/v1/register', { body: { name: `Bench ${label}`, email, password } }),
    201,
    'register',
  );
  const tokens = api.data<{ access_token: string }>(await api.call('POST', '/api/v1/login', { body: { email, password } }), 200, 'login');
  return { id: user.id, email, password, token: tokens.access_token };
}

/** `count` customers, registered and logged in through the API. */
export const registerUsers = (api: Api, count: number, concurrency = 16): Promise<Account[]> =>
  inParallel(Array.from({ length: count }), concurrency, (_, i) => registerAndLogin(api, `buyer${i}`));

/** A fresh admin: registered through the API, promoted in auth's schema, logged in again. */
export async function createAdmin(api: Api, sql: pg.Client): Promise<Account> {
  const account = await registerAndLogin(api, 'admin');
  await sql.query(`UPDATE auth.users SET role = 'admin' WHERE id = $1`, [account.id]);
  const tokens = api.data<{ access_token: string }>(
    await api.call('POST', '/api/v1/login', { body: { email: account.email, password: account.password } }),
    200,
    'admin login',
  );
  return { ...account, token: tokens.access_token };
}

export interface SectionSpec {
  name: string;
  price_cents: number;
  rows: number;
  seats_per_row: number;
}

export interface CreatedEvent {
  id: string;
  name: string;
  capacity: number;
  /** Epoch ms when POST /events was sent, and how long it took. */
  createdAt: number;
  createMs: number;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function createEvent(api: Api, admin: Account, name: string, sections: SectionSpec[], location = 'Jakarta'): Promise<CreatedEvent> {
  const body = { name, description: `${name}: a benchmark event.`, location, starts_at: inDays(30), currency: 'IDR', sections };
  const createdAt = now();
  const event = api.data<{ id: string; capacity: number }>(await api.call('POST', '/api/v1/events', { token: admin.token, body }), 201, `create ${name}`);
  return { id: event.id, name, capacity: event.capacity, createdAt, createMs: now() - createdAt };
}

/**
 * Ms from sending POST /events until a hold of one seat succeeds (the seats are materialized and
 * bookable); the probe's hold is cancelled at once, so every seat is available again.
 */
export async function msUntilBookable(api: Api, event: CreatedEvent, prober: Account, timeoutMs = 120_000): Promise<number> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const hold = await api.call('POST', '/api/v1/bookings', { token: prober.token, body: { event_id: event.id, quantity: 1 } });
    if (hold.status === 201) {
      const bookable = now() - event.createdAt;
      const { id } = (JSON.parse(hold.text) as { data: { id: string } }).data;
      const cancel = await api.call('DELETE', `/api/v1/bookings/${id}`, { token: prober.token });
      if (cancel.status >= 300) throw new Error(`cancelling the probe hold: HTTP ${cancel.status} ${cancel.text.slice(0, 300)}`);
      return bookable;
    }
    if (now() > deadline) throw new Error(`${event.name} not bookable after ${timeoutMs} ms (last: HTTP ${hold.status} ${hold.text.slice(0, 300)})`);
    await sleep(20);
  }
}
