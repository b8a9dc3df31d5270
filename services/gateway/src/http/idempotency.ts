import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@ticres/shared/limits';
import { printableAscii } from './text-schemas';

/**
 * The `Idempotency-Key` header of the writes that honour it (POST /bookings, POST /payments). The
 * gateway only checks its form and passes it on: the service behind owns the replay (same key and
 * body), 422 (same key, other body) and 409 (concurrent use) semantics, scoped to the caller.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

export const idempotencyKeyHeaders = {
  type: 'object',
  properties: {
    [IDEMPOTENCY_KEY_HEADER]: {
      ...printableAscii(1, IDEMPOTENCY_KEY_MAX_LENGTH),
      description:
        'Makes a retry safe: the same key and body replay the first answer; the same key with another body is 422. Keys are scoped to the caller and kept 24 h.',
    },
  },
} as const;

export interface IdempotencyKeyHeaders {
  [IDEMPOTENCY_KEY_HEADER]?: string;
}
