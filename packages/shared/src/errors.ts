/** Stable machine codes, shared by every service, the gRPC edge and the HTTP edge. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
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

export const validationError = (fields: FieldError[]): AppError =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields.', fields);
