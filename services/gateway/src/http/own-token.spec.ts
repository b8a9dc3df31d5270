import { AppError, RateLimitedError, UnavailableError } from '@ticres/shared';
import type { FastifyRequest } from 'fastify';
import { ownTokenFrom } from './own-token';

function requestLoggingTo(errors: unknown[]): FastifyRequest {
  return { log: { error: (...args: unknown[]) => errors.push(args) } } as unknown as FastifyRequest;
}

describe('ownTokenFrom', () => {
  it("hands over the gateway's token", async () => {
    await expect(ownTokenFrom(async () => 'gateway-token')(requestLoggingTo([]))).resolves.toBe('gateway-token');
  });

  it('passes auth being out of reach on as such (503 with Retry-After), unlogged', async () => {
    const errors: unknown[] = [];
    const own = ownTokenFrom(() => Promise.reject(new UnavailableError(2)));
    await expect(own(requestLoggingTo(errors))).rejects.toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 2 });
    expect(errors).toEqual([]);
  });

  it("turns auth refusing or throttling the gateway's secret into a logged 500, not the client's 401 or 429", async () => {
    for (const refusal of [new AppError('UNAUTHENTICATED', 'wrong secret'), new RateLimitedError(30_000, 'Too many wrong service credentials')]) {
      const errors: unknown[] = [];
      await expect(ownTokenFrom(() => Promise.reject(refusal))(requestLoggingTo(errors))).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(errors).toHaveLength(1);
    }
  });
});
