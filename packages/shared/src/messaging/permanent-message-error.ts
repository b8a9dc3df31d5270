/**
 * Thrown by an event handler for a message that can never apply, whatever the retries: it names
 * something that does not exist and never will (a payment for an unknown booking), or its data is
 * invalid. The consumer parks it in `<queue>.dead` at once instead of retrying it until the
 * delivery limit. Anything else a handler throws counts as transient and is retried.
 */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

export const isPermanentMessageError = (error: unknown): error is PermanentMessageError => error instanceof PermanentMessageError;
