import type { authV1 } from '@ticres/proto';
import type { PageMeta } from '../../src/http/pagination';
import type { Problem } from '../../src/http/problem';
import type {
  presentBooking,
  presentEvent,
  presentRefund,
  presentSeat,
  presentTransaction,
} from '../../src/routes/present';

/** What a test looks at in an answer. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  contentType: string;
  /** The parsed JSON body, or undefined for an empty or non-JSON body. */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** Sent as is instead of JSON-encoding `body`. */
  raw?: string;
  contentType?: string;
}

/** A tiny client for the gateway over real HTTP. */
export function apiClient(baseUrl: string) {
  async function request(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return {
      status: res.status,
      headers: res.headers,
      contentType: res.headers.get('content-type') ?? '',
      body: parsed,
      text,
    };
  }
  return {
    get: (path: string, options?: RequestOptions) => request('GET', path, undefined, options),
    post: (path: string, body?: unknown, options?: RequestOptions) => request('POST', path, body, options),
    put: (path: string, body?: unknown, options?: RequestOptions) => request('PUT', path, body, options),
    delete: (path: string, options?: RequestOptions) => request('DELETE', path, undefined, options),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The `data` of a success body, typed by the caller (the gateway's response schemas enforce it). */
export function dataOf<T>(res: ApiResponse): T {
  if (res.status >= 300) throw new Error(`expected a success, got ${res.status}: ${res.text}`);
  return (res.body as { data: T }).data;
}

export function problemOf(res: ApiResponse): Problem {
  if (!res.contentType.startsWith('application/problem+json')) {
    throw new Error(`expected a problem, got ${res.status} ${res.contentType}: ${res.text}`);
  }
  return res.body as Problem;
}

export type User = authV1.User__Output;
export type Tokens = authV1.TokenPair__Output;

export type Event = ReturnType<typeof presentEvent>;
export type Seat = ReturnType<typeof presentSeat>;
export type Booking = ReturnType<typeof presentBooking>;
export type Transaction = ReturnType<typeof presentTransaction>;
export type Refund = ReturnType<typeof presentRefund>;
export interface PaymentStatus {
  booking: Booking;
  transaction: Transaction | null;
  refund: Refund | null;
}
export interface EventDetail {
  event: Event;
  seats: Seat[];
}

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

/** The whole body of a list answer, typed by the caller. */
export function pageOf<T>(res: ApiResponse): Page<T> {
  if (res.status !== 200) throw new Error(`expected a list, got ${res.status}: ${res.text}`);
  return res.body as Page<T>;
}
