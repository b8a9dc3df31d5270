import { isRetryableConflict, retryOnConflict } from './retry-on-conflict';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

/** A transaction that fails with the given errors, then resolves 'done'. */
function flaky(...failures: Error[]) {
  const transaction = jest.fn(async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return 'done';
  });
  return transaction;
}

describe('retryOnConflict', () => {
  const sleeps: number[] = [];
  const options = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 1 };

  beforeEach(() => {
    sleeps.length = 0;
  });

  it('runs the transaction again after a deadlock and after a serialization failure', async () => {
    const transaction = flaky(pgError('40P01'), pgError('40001'));
    await expect(retryOnConflict(transaction, options)).resolves.toBe('done');
    expect(transaction).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([5, 10]);
  });

  it('rethrows any other error at once', async () => {
    for (const error of [pgError('23505'), pgError('57014'), new Error('boom')]) {
      const transaction = flaky(error);
      await expect(retryOnConflict(transaction, options)).rejects.toBe(error);
      expect(transaction).toHaveBeenCalledTimes(1);
    }
    expect(sleeps).toEqual([]);
  });

  it('gives up after the last attempt with that attempt’s error', async () => {
    const last = pgError('40P01');
    const transaction = flaky(pgError('40P01'), pgError('40P01'), last);
    await expect(retryOnConflict(transaction, { ...options, attempts: 3 })).rejects.toBe(last);
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it('pauses a jittered, growing, capped time between attempts', async () => {
    const delays: number[] = [];
    const transaction = flaky(...Array.from({ length: 5 }, () => pgError('40001')));
    await retryOnConflict(transaction, { attempts: 6, baseDelayMs: 10, maxDelayMs: 50, random: () => 0, sleep: async (ms) => void delays.push(ms) });
    expect(delays).toEqual([5, 10, 20, 25, 25]);
  });
});

describe('isRetryableConflict', () => {
  it('recognises 40P01 and 40001 only', () => {
    expect(isRetryableConflict(pgError('40P01'))).toBe(true);
    expect(isRetryableConflict(pgError('40001'))).toBe(true);
    expect(isRetryableConflict(pgError('40002'))).toBe(false);
    expect(isRetryableConflict(undefined)).toBe(false);
    expect(isRetryableConflict('40P01')).toBe(false);
  });
});
