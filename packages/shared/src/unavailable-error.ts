import { RetryLaterError } from './errors';

/**
 * A request that failed because a dependency the service needs is out of reach (its database
 * restarting, a connection dropped, a service not answering): nothing is wrong with the request,
 * and the same request may succeed after `retryAfterSeconds`. Answered 503 `UNAVAILABLE` with
 * `Retry-After`, never 500.
 */
export class UnavailableError extends RetryLaterError {
  constructor(retryAfterSeconds: number, message = 'The service is unavailable for a moment; try again shortly.') {
    super('UNAVAILABLE', message, retryAfterSeconds);
    this.name = 'UnavailableError';
  }
}
