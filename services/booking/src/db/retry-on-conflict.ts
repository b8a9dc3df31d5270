/** deadlock_detected and serialization_failure: the transaction did nothing and may simply run again. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

export interface RetryOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  /** The pause before retry n is a random share of min(maxDelayMs, baseDelayMs * 2^(n-1)). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `transaction` (which must open and close its own transaction) again when Postgres aborts
 * it with a deadlock or a serialization failure, after a jittered pause, so such an abort never
 * reaches the caller while attempts remain. Any other error, and the last attempt's, is rethrown.
 */
export async function retryOnConflict<T>(transaction: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 5, baseDelayMs = 5, maxDelayMs = 200, sleep = defaultSleep, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.round(ceiling * (0.5 + random() / 2)));
    }
  }
}
