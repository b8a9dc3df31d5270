export interface PurgeIdempotencyKeysPorts {
  idempotencyKeys: { purgeExpired(ttlSeconds: number, limit: number): Promise<number> };
  ttlSeconds: number;
  batchSize: number;
}

/** Resolves with the number of keys deleted. */
export type PurgeIdempotencyKeys = () => Promise<number>;

/** Forgets Idempotency-Keys older than their TTL, a batch per statement. */
export function createPurgeIdempotencyKeys({ idempotencyKeys, ttlSeconds, batchSize }: PurgeIdempotencyKeysPorts): PurgeIdempotencyKeys {
  return async () => {
    let total = 0;
    for (;;) {
      const purged = await idempotencyKeys.purgeExpired(ttlSeconds, batchSize);
      total += purged;
      if (purged < batchSize) return total;
    }
  };
}
