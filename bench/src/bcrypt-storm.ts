/**
 * The login storm's baseline, in a process of its own (forked): `count` bcrypt.compare calls at
 * once at `cost`, on the default libuv pool as auth's are. It reports what finished within
 * `deadlineMs` (plus a little); the parent then kills it, dropping the compares still queued, which
 * nobody would wait for.
 */
import bcrypt from 'bcrypt';
import { now } from './clock.ts';

export interface BcryptStormRequest {
  cost: number;
  count: number;
  deadlineMs: number;
}

export interface BcryptStormResult {
  /** ms from the start of each compare that finished before the report, in finishing order. */
  finished: number[];
  count: number;
}

process.once('message', (request: BcryptStormRequest) => {
  runStorm(request).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});

async function runStorm({ cost, count, deadlineMs }: BcryptStormRequest): Promise<void> {
  const password = 'correct horse battery staple';
  const hash = await bcrypt.hash(password, cost);
  const finished: number[] = [];
  // The parent kills this process on the report: exiting while compares are queued would wait for them.
  const report = () => process.send!({ finished, count } satisfies BcryptStormResult);
  const t0 = now();
  const timer = setTimeout(report, deadlineMs + 500);
  await Promise.all(
    Array.from({ length: count }, () =>
      bcrypt.compare(password, hash).then((ok) => {
        if (!ok) throw new Error('bcrypt.compare returned false');
        finished.push(now() - t0);
      }),
    ),
  );
  clearTimeout(timer);
  report();
}
