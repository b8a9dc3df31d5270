import { performance } from 'node:perf_hooks';

/** Epoch milliseconds with sub-millisecond precision, comparable across the benchmark's processes. */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
