/**
 * Runs `work` in one database transaction against the store a use case declares: committed when
 * `work` resolves, rolled back when it throws. Use cases decide what must be atomic; db/ decides how.
 */
export type InTransaction<Store> = <T>(work: (store: Store) => Promise<T>) => Promise<T>;

/** The use cases' view of time, so tests can move it. */
export type Clock = () => Date;
