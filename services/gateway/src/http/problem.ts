import type { ErrorCode, FieldError } from '@ticres/shared';

/** The one table from domain error codes to HTTP statuses. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  TOKEN_REVOKED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  PAYMENT_DECLINED: 402,
  REQUEST_TIMEOUT: 408,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  CONFLICT: 409,
  SEAT_UNAVAILABLE: 409,
  ALREADY_PAID: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  EVENT_NOT_AVAILABLE: 409,
  BOOKING_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LIMIT_EXCEEDED: 422,
  USER_SEAT_LIMIT_EXCEEDED: 422,
  ADDRESS_SEAT_LIMIT_EXCEEDED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  HOLD_COOLDOWN: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  OVERLOADED: 503,
};

/** Short human titles, one per code, stable like the code itself (RFC 9457 `title`). */
const TITLE_BY_CODE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Validation failed',
  MALFORMED_REQUEST: 'Malformed request',
  UNAUTHENTICATED: 'Unauthenticated',
  TOKEN_REVOKED: 'Token revoked',
  INVALID_CREDENTIALS: 'Invalid credentials',
  REFRESH_TOKEN_INVALID: 'Invalid refresh token',
  PAYMENT_DECLINED: 'Payment declined',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  EMAIL_TAKEN: 'Email taken',
  CONFLICT: 'Conflict',
  SEAT_UNAVAILABLE: 'Seat unavailable',
  ALREADY_PAID: 'Already paid',
  IDEMPOTENCY_IN_PROGRESS: 'Idempotent request in progress',
  EVENT_NOT_AVAILABLE: 'Event not available',
  BOOKING_EXPIRED: 'Booking expired',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  URI_TOO_LONG: 'URI too long',
  HEADERS_TOO_LARGE: 'Request headers too large',
  REQUEST_TIMEOUT: 'Request timeout',
  LIMIT_EXCEEDED: 'Limit exceeded',
  USER_SEAT_LIMIT_EXCEEDED: 'Held seats limit exceeded',
  ADDRESS_SEAT_LIMIT_EXCEEDED: 'Held seats per address limit exceeded',
  HOLD_COOLDOWN: 'Hold cool-down',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Service unavailable',
  OVERLOADED: 'Service overloaded',
};

/** Every code the gateway answers with, in the table's order. */
export const ERROR_CODES = Object.keys(HTTP_STATUS_BY_CODE) as ErrorCode[];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const PROBLEM_TYPE_BASE = 'https://ticres.example.com/problems/';

/**
 * An RFC 9457 problem document, extended with the stable `code`, the bad fields of a 400 and the
 * `request_id` of the request (also its `X-Request-Id`), which finds its log lines and its trace.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  request_id?: string;
}

/** `EMAIL_TAKEN` -> `https://ticres.example.com/problems/email-taken` */
export const problemType = (code: ErrorCode): string => `${PROBLEM_TYPE_BASE}${code.toLowerCase().replaceAll('_', '-')}`;

/** Builds the problem document for a code; `detail` must be safe for the client to read. */
export function toProblem(code: ErrorCode, detail: string, errors: FieldError[] = []): Problem {
  return {
    type: problemType(code),
    title: TITLE_BY_CODE[code],
    status: HTTP_STATUS_BY_CODE[code],
    detail,
    code,
    ...(errors.length > 0 ? { errors } : {}),
  };
}
