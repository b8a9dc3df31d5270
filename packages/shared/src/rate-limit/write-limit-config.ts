import type { z } from 'zod';
import { env } from '../config';

/**
 * Variables of the per-person write limit, read by every service that owns person-facing writes
 * (auth, catalog, booking, payment) beside its REDIS_URL. Services sharing a Redis and a key
 * prefix share one budget per person, as the gateway's single counter did.
 */
export const writeLimitConfigShape = {
  /** Writes (holds, cancels, payments, event and role changes, ...) per person per WRITE_LIMIT_WINDOW_SECONDS. */
  WRITE_LIMIT_PER_USER: env.int(1).default(60),
  WRITE_LIMIT_WINDOW_SECONDS: env.int(1, 86_400).default(60),
  /** Redis key prefix of the write counters, so stacks and test runs sharing a Redis never collide. */
  WRITE_LIMIT_KEY_PREFIX: env.keyPrefix().default('ticres:writes'),
};

export type WriteLimitSettings = z.infer<z.ZodObject<typeof writeLimitConfigShape>>;
