import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/**
 * Runs `work` with `deadline` (epoch ms) as the deadline of the call it serves, so code far below
 * the handler (the database pool) can stop waiting when the caller has given up. `unary` does this
 * for every gRPC call.
 */
export function withCallDeadline<T>(deadline: number, work: () => T): T {
  return deadlines.run(deadline, work);
}

/** The deadline (epoch ms) of the gRPC call this code runs for; Infinity outside one or without one. */
export function currentCallDeadline(): number {
  return deadlines.getStore() ?? Infinity;
}
