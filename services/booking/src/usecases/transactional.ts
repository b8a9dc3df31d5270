/**
 * Runs `work` in one database transaction against the store a use case declares: committed when
 * `work` resolves, rolled back when it throws. Use cases decide what must be atomic; db/ decides
 * how, and may run `work` again from the start after a deadlock or serialization failure, so
 * `work` must have no effect outside the store.
 */
export type InTransaction<Store> = <T>(work: (store: Store) => Promise<T>) => Promise<T>;

/** Waits; the quantity hold backs off with it while other buyers hold row locks. */
export type Pause = (ms: number) => Promise<void>;

export const pause: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
