/**
 * Runs password work (a bcrypt hash or comparison, with the reads that go with it) in its bounded,
 * first-come-first-served queue. Work that could not finish before `deadline` (epoch ms; Infinity:
 * none), or that finds the queue full, is refused with OVERLOADED before it starts, so a refused
 * request has changed nothing.
 */
export type PasswordWork = <T>(work: () => Promise<T>, deadline: number) => Promise<T>;
