/**
 * Asks `probe` again until `done` accepts its answer, for what arrives through RabbitMQ (seats
 * after event.created, cancellations after event.cancelled): resolves with the accepted answer,
 * or fails after `timeoutMs` showing the last one.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
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
