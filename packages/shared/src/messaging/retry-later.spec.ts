import { retryDelays } from './retry-later';

describe('retryDelays', () => {
  it('lists each wait of the backoff once, doubling from the base up to and including the maximum', () => {
    expect(retryDelays(1_000, 60_000)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(retryDelays(50, 400)).toEqual([50, 100, 200, 400]);
  });

  it('is the maximum alone when the base is not below it', () => {
    expect(retryDelays(5_000, 5_000)).toEqual([5_000]);
    expect(retryDelays(9_000, 5_000)).toEqual([5_000]);
  });
});
