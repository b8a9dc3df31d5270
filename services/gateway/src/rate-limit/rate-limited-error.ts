import { AppError } from '@ticres/shared';

/** RATE_LIMITED with the time the caller should wait, sent as `Retry-After`. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(resetInMs: number) {
    super('RATE_LIMITED', 'Too many requests; retry after the time in the Retry-After header.');
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
  }
}
