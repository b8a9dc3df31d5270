/** Runs work once per key at a time: callers that ask while it runs share its promise. */
export interface SingleFlight {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Concurrent cache misses for one key become one Postgres load in this process.
 *
 * A settled flight is forgotten on the next turn of the event loop, not at once: a caller whose
 * cache lookup missed just before the loaded entry was stored may learn so in the same network
 * read as the store's reply, and must still find the flight to join. Forgetting it then means a
 * failure is shared only by the callers that waited for it; the next one tries afresh.
 */
export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const running = inFlight.get(key);
      if (running) return running as Promise<T>;
      // Through the constructor, so a synchronous throw becomes this flight's rejection too.
      const started = new Promise<T>((resolve) => resolve(work())).finally(() => {
        setImmediate(() => inFlight.delete(key));
      });
      inFlight.set(key, started);
      return started;
    },
  };
}
