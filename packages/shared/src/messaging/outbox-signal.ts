/** Whoever wants to hear that an outbox row was committed in this process: its outbox relays. */
const listeners = new Set<() => void>();

/**
 * Subscribes to outbox commits in this process; returns the unsubscribe function. Every process
 * that writes outbox rows runs a relay, so its own commits are the wake-up that matters; rows
 * written elsewhere are found by the relay's polling.
 */
export function onOutboxCommit(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called after a transaction that wrote outbox rows commits. */
export function announceOutboxCommit(): void {
  for (const listener of listeners) listener();
}
