/**
 * Runs `work` in one database transaction against the store a use case declares: committed when
 * `work` resolves, rolled back when it throws. `work` must have no effect outside the store.
 */
export type InTransaction<Store> = <T>(work: (store: Store) => Promise<T>) => Promise<T>;
