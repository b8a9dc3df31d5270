import { createHash } from 'node:crypto';
import { isUuid, validationError, type FieldError } from '@ticres/shared';
import { IDEMPOTENCY_KEY_MAX_LENGTH, PAYMENT_LIMITS, PRINTABLE_ASCII_PATTERN } from '@ticres/shared/limits';
import { isPaymentMethod, PAYMENT_METHODS, type PaymentMethod } from './payment-method';

const MAX_IDEMPOTENCY_KEY_LENGTH = IDEMPOTENCY_KEY_MAX_LENGTH;
const MAX_PAYMENT_TOKEN_LENGTH = PAYMENT_LIMITS.tokenLength;

/** Pay as it arrives: proto3 leaves absent fields empty. */
export interface PayInput {
  bookingId: string;
  paymentMethod: string;
  paymentToken: string;
  idempotencyKey: string;
}

export interface PayRequest {
  bookingId: string;
  paymentMethod: PaymentMethod;
  /** The provider's card/wallet token; empty when none was given. */
  paymentToken: string;
  idempotencyKey: string | undefined;
}

const PRINTABLE_ASCII = new RegExp(PRINTABLE_ASCII_PATTERN);

/** Checks every field at once; throws VALIDATION_FAILED listing each bad one. */
export function parsePayRequest(input: PayInput): PayRequest {
  const problems: FieldError[] = [];
  const check = (field: string, message: string | undefined) => {
    if (message) problems.push({ field, message });
  };
  check('booking_id', isUuid(input.bookingId) ? undefined : 'must be a UUID');
  check('payment_method', isPaymentMethod(input.paymentMethod) ? undefined : `must be one of ${PAYMENT_METHODS.join(', ')}`);
  const token = input.paymentToken;
  check(
    'payment_token',
    token === '' || (token.length <= MAX_PAYMENT_TOKEN_LENGTH && PRINTABLE_ASCII.test(token))
      ? undefined
      : `must be at most ${MAX_PAYMENT_TOKEN_LENGTH} printable ASCII characters`,
  );
  const key = input.idempotencyKey;
  check(
    'idempotency_key',
    key === '' || (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && PRINTABLE_ASCII.test(key))
      ? undefined
      : `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`,
  );
  if (problems.length > 0) throw validationError(problems);
  return {
    bookingId: input.bookingId.toLowerCase(),
    paymentMethod: input.paymentMethod as PaymentMethod,
    paymentToken: token,
    idempotencyKey: key === '' ? undefined : key,
  };
}

/**
 * SHA-256 of what the request asks for, blind to the key itself: the same key with the same
 * fingerprint is a replay, with another it is a misuse. The token is hashed, never stored.
 */
export function payRequestFingerprint(request: PayRequest): string {
  const canonical = { booking_id: request.bookingId, payment_method: request.paymentMethod, payment_token: request.paymentToken };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
