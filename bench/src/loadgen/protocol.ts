/** Jobs the load generator process runs, and what it answers; plain data over the IPC channel. */

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  /** JSON text. */
  body?: string;
}

/** Every request once, `concurrency` at a time; each answer recorded. */
export interface BatchJob {
  kind: 'batch';
  origin: string;
  concurrency: number;
  requests: HttpRequestSpec[];
  /** Whose bodies to send back: none, those of 2xx answers, or all. Non-2xx bodies are cut to 300 bytes. */
  keepBodies: 'none' | '2xx' | 'all';
  /** Response headers to send back (lower case). */
  keepHeaders?: string[];
  /** Per-request timeout; default 120 s. */
  timeoutMs?: number;
}

/** `requests` round-robin on `connections` connections until (minMs and minRequests) or maxMs. */
export interface SustainedJob {
  kind: 'sustained';
  origin: string;
  connections: number;
  requests: HttpRequestSpec[];
  minMs: number;
  minRequests: number;
  maxMs: number;
}

/** Each buyer in turn: hold, pay, `perBuyer` times; buyers run side by side. */
export interface PurchaseJob {
  kind: 'purchase';
  origin: string;
  buyers: { token: string }[];
  perBuyer: number;
  eventId: string;
  quantity: number;
}

/** The hold transaction as raw SQL through node-postgres, on the same schema. */
export interface RawSqlJob {
  kind: 'rawsql';
  connectionString: string;
  schema: string;
  poolSize: number;
  concurrency: number;
  eventId: string;
  currency: string;
  holdTtlSeconds: number;
  /** Per attempt: named seat ids, or a quantity of best available seats. */
  attempts: ({ seatIds: string[] } | { quantity: number })[];
  userIds: string[];
}

export type Job = BatchJob | SustainedJob | PurchaseJob | RawSqlJob;

/** One answer of a batch (or raw SQL attempt); times are epoch ms. */
export interface Outcome {
  status: number;
  start: number;
  end: number;
  /** Transport error, if no HTTP answer. */
  error?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Raw SQL: the seats held. */
  seatIds?: string[];
  /** Raw SQL: `SEAT_UNAVAILABLE`, `CONFLICT`, ... */
  code?: string;
}

export interface SustainedResult {
  requests: number;
  elapsedMs: number;
  statuses: Record<string, number>;
  errors: number;
  bytes: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
}

export interface PurchaseOutcome {
  buyer: number;
  holdStart: number;
  holdEnd: number;
  holdStatus: number;
  bookingId?: string;
  payStart?: number;
  payEnd?: number;
  payStatus?: number;
  error?: string;
  body?: string;
}

export interface GeneratorCpu {
  /** CPU the generator process used during the job, ms (user + system). */
  cpuMs: number;
  wallMs: number;
}

export type OutcomesResult = { kind: 'batch' | 'rawsql'; outcomes: Outcome[] } & GeneratorCpu;
export type SustainedJobResult = { kind: 'sustained'; result: SustainedResult } & GeneratorCpu;
export type PurchaseJobResult = { kind: 'purchase'; outcomes: PurchaseOutcome[] } & GeneratorCpu;
export type JobResult = OutcomesResult | SustainedJobResult | PurchaseJobResult;
