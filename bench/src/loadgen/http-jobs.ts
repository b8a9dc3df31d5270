/**
 * The load generator's HTTP jobs: each concurrent caller has a keep-alive connection of its own,
 * from a loopback address of its own (clientAddress), as the clients of a real on-sale come from
 * many addresses and the stack's per-address rules must see them so.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { now } from '../clock.ts';
import type { BatchJob, HttpRequestSpec, Outcome, PurchaseJob, PurchaseOutcome, SustainedJob, SustainedResult } from './protocol.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The source address of caller `index`: 127.0.1.1 to 127.0.1.250, then 127.0.2.1, ... */
const clientAddress = (index: number): string => `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;

/** One connection per caller, each from its own address. */
function callersOf(origin: string, count: number, timeoutMs = 120_000): Client[] {
  return Array.from(
    { length: count },
    (_, index) =>
      new Client(origin, {
        localAddress: clientAddress(index),
        pipelining: 1,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        connectTimeout: 10_000,
        keepAliveTimeout: 60_000,
      }),
  );
}

const closeAll = (callers: Client[]) => Promise.all(callers.map((caller) => caller.close()));

const headersOf = (spec: HttpRequestSpec) => (spec.body === undefined ? spec.headers : { ...JSON_HEADERS, ...spec.headers });

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

export async function runBatch(job: BatchJob): Promise<Outcome[]> {
  const callers = callersOf(job.origin, Math.min(job.concurrency, job.requests.length), job.timeoutMs);
  const outcomes = new Array<Outcome>(job.requests.length);
  let next = 0;
  const worker = async (caller: Client) => {
    for (let i = next++; i < job.requests.length; i = next++) {
      const spec = job.requests[i]!;
      const start = now();
      try {
        const res = await caller.request({ method: spec.method, path: spec.path, headers: headersOf(spec), body: spec.body });
        const text = await res.body.text();
        const outcome: Outcome = { status: res.statusCode, start, end: now() };
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        if (job.keepBodies === 'all' || (ok && job.keepBodies === '2xx')) outcome.body = text;
        else if (!ok) outcome.body = text.slice(0, 300);
        if (job.keepHeaders) {
          outcome.headers = {};
          for (const name of job.keepHeaders) {
            const value = headerValue(res.headers[name]);
            if (value !== undefined) outcome.headers[name] = value;
          }
        }
        outcomes[i] = outcome;
      } catch (error) {
        outcomes[i] = { status: 0, start, end: now(), error: String((error as Error).message ?? error) };
      }
    }
  };
  await Promise.all(callers.map(worker));
  await closeAll(callers);
  return outcomes;
}

export async function runSustained(job: SustainedJob): Promise<SustainedResult> {
  const callers = callersOf(job.origin, job.connections);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;
  let next = 0;
  const t0 = performance.now();
  const done = () => {
    const elapsed = performance.now() - t0;
    return elapsed >= job.maxMs || (elapsed >= job.minMs && latencies.length + errors >= job.minRequests);
  };
  const worker = async (caller: Client) => {
    while (!done()) {
      const spec = job.requests[next++ % job.requests.length]!;
      const start = performance.now();
      try {
        const res = await caller.request({ method: spec.method, path: spec.path, headers: headersOf(spec), body: spec.body });
        for await (const chunk of res.body) bytes += (chunk as Buffer).length;
        latencies.push(performance.now() - start);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(callers.map(worker));
  const elapsedMs = performance.now() - t0;
  await closeAll(callers);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    requests: latencies.length,
    elapsedMs,
    statuses,
    errors,
    bytes,
    latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies.at(-1) ?? NaN, mean: sum / latencies.length },
  };
}

export async function runPurchases(job: PurchaseJob): Promise<PurchaseOutcome[]> {
  const callers = callersOf(job.origin, job.buyers.length);
  const outcomes: PurchaseOutcome[] = [];
  const post = async (caller: Client, path: string, token: string, body: unknown) => {
    const res = await caller.request({
      method: 'POST',
      path,
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const buyer = async (index: number) => {
    const { token } = job.buyers[index]!;
    const caller = callers[index]!;
    for (let round = 0; round < job.perBuyer; round++) {
      const outcome: PurchaseOutcome = { buyer: index, holdStart: now(), holdEnd: 0, holdStatus: 0 };
      outcomes.push(outcome);
      try {
        const hold = await post(caller, '/api/v1/bookings', token, { event_id: job.eventId, quantity: job.quantity });
        outcome.holdEnd = now();
        outcome.holdStatus = hold.status;
        if (hold.status !== 201) {
          outcome.body = hold.text.slice(0, 300);
          continue;
        }
        outcome.bookingId = (JSON.parse(hold.text) as { data: { id: string } }).data.id;
        outcome.payStart = now();
        const pay = await post(caller, '/api/v1/payments', token, {
          booking_id: outcome.bookingId,
          payment_method: 'credit_card',
          payment_token: 'tok_visa',
        });
        outcome.payEnd = now();
        outcome.payStatus = pay.status;
        if (pay.status !== 201) outcome.body = pay.text.slice(0, 300);
      } catch (error) {
        outcome.error = String((error as Error).message ?? error);
      }
    }
  };
  await Promise.all(job.buyers.map((_, index) => buyer(index)));
  await closeAll(callers);
  return outcomes;
}
