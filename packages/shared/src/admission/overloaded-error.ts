import { RetryLaterError } from '../errors';

/**
 * A request refused because the service could not serve it in time: a full queue, a wait longer
 * than allowed, or a deadline that has passed or cannot be met. Nothing was done for it, so the
 * caller may simply try again after `retryAfterSeconds`.
 */
export class OverloadedError extends RetryLaterError {
  constructor(retryAfterSeconds: number, message = 'The service is busy; try again later.') {
    super('OVERLOADED', message, retryAfterSeconds);
    this.name = 'OverloadedError';
  }
}

export const isOverloadedError = (error: unknown): error is OverloadedError => error instanceof OverloadedError;
