/**
 * Asks `probe` again until `done` accepts its answer, for what arrives through RabbitMQ (seats
 * after event.created, cancellations after event.cancelled): resolves with the accepted answer,
 * or fails after `timeoutMs` showing the last one.
 */
export async function eventually<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() >= deadline) {
      throw new Error(`${what}: not so after ${timeoutMs} ms; last answer: ${JSON.stringify(last).slice(0, 2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Checks for `quietMs` that `ok` keeps accepting what `probe` answers, e.g. that no further email
 * arrives once the expected ones have: fails at the first answer it refuses, showing it.
 */
export async function staysSo<T>(what: string, probe: () => Promise<T> | T, ok: (value: T) => boolean, quietMs = 2_000): Promise<void> {
  const deadline = Date.now() + quietMs;
  for (;;) {
    const value = await probe();
    if (!ok(value)) throw new Error(`${what}: no longer so; answer: ${JSON.stringify(value).slice(0, 2_000)}`);
    if (Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
