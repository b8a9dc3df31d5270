import { createPurgeIdempotencyKeys } from './purge-idempotency-keys';

describe('purgeIdempotencyKeys', () => {
  it('deletes batch after batch until one comes back short, and returns the total', async () => {
    const batches = [3, 3, 1];
    const purgeExpired = jest.fn(async () => batches.shift() ?? 0);
    const purge = createPurgeIdempotencyKeys({ idempotencyKeys: { purgeExpired }, ttlSeconds: 600, batchSize: 3 });

    await expect(purge()).resolves.toBe(7);
    expect(purgeExpired).toHaveBeenCalledTimes(3);
    expect(purgeExpired).toHaveBeenCalledWith(600, 3);
  });

  it('asks once when nothing has expired', async () => {
    const purgeExpired = jest.fn(async () => 0);
    await expect(createPurgeIdempotencyKeys({ idempotencyKeys: { purgeExpired }, ttlSeconds: 600, batchSize: 3 })()).resolves.toBe(0);
    expect(purgeExpired).toHaveBeenCalledTimes(1);
  });
});
