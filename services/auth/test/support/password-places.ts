import { createAdmissionQueue, type QueuePlace } from '@ticres/shared';

/** A place in an idle password queue: its job starts at once. */
export function idlePlace(): QueuePlace {
  return createAdmissionQueue({ concurrency: 1, maxQueueLength: 1, maxWaitMs: 60_000, initialJobMs: 1 }).hold();
}

/** A place whose job the queue refuses with `error` when its turn comes. */
export function refusingPlace(error: Error): QueuePlace {
  return { run: () => Promise.reject(error), release: () => undefined };
}
