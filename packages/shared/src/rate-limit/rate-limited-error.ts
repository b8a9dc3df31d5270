import { RetryLaterError } from '../errors';

/**
 * RATE_LIMITED with the time the caller should wait: a `ticres-retry-after` trailer over gRPC,
 * `Retry-After` over HTTP (as every RetryLaterError).
 */
export class RateLimitedError extends RetryLaterError {
  constructor(resetInMs: number, message = 'Too many requests; retry after the time in the Retry-After header.') {
    super('RATE_LIMITED', message, resetInMs / 1000);
    this.name = 'RateLimitedError';
  }
}
