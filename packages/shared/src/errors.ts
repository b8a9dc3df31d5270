/** Stable machine codes, shared by every service, the gRPC edge and the HTTP edge. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'UNAUTHENTICATED'
  | 'TOKEN_REVOKED'
  | 'INVALID_CREDENTIALS'
  | 'REFRESH_TOKEN_INVALID'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SEAT_UNAVAILABLE'
  | 'BOOKING_EXPIRED'
  | 'ALREADY_PAID'
  | 'PAYMENT_DECLINED'
  | 'EVENT_NOT_AVAILABLE'
  | 'LIMIT_EXCEEDED'
  | 'USER_SEAT_LIMIT_EXCEEDED'
  | 'ADDRESS_SEAT_LIMIT_EXCEEDED'
  | 'HOLD_COOLDOWN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'UNAVAILABLE'
  | 'OVERLOADED'
  | 'INTERNAL';

/** One invalid input field, as listed in a 400. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure the caller can act on. `message` is safe to show to a client; anything internal
 * belongs in the log, never here.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    // An AppError is an expected outcome (a taken seat, a wrong password), answered thousands of
    // times a second at an on-sale: capturing a stack trace for each would be most of its cost.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const validationError = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', 'The request has invalid fields.', fields);

/**
 * A failure after which the same request may simply be sent again, after `retryAfterSeconds`: a
 * refusal that holds only for a known time (a cool-down, a payment still settling), a service that
 * refused it unserved (OverloadedError) or could not reach what it needs (UnavailableError). Edges
 * pass the hint on (gRPC trailer, HTTP `Retry-After`).
 */
export class RetryLaterError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(code: ErrorCode, message: string, retryAfterSeconds: number) {
    super(code, message);
    this.name = 'RetryLaterError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export const isRetryLaterError = (error: unknown): error is RetryLaterError => error instanceof RetryLaterError;
