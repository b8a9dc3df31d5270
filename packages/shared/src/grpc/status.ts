import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { OverloadedError } from '../admission/overloaded-error';
import { AppError, RetryLaterError, type ErrorCode, type FieldError } from '../errors';
import { UnavailableError } from '../unavailable-error';

/** The one table from domain error codes to gRPC status codes. */
export const GRPC_STATUS_BY_CODE: Record<ErrorCode, status> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  MALFORMED_REQUEST: status.INVALID_ARGUMENT,
  PAYLOAD_TOO_LARGE: status.INVALID_ARGUMENT,
  UNSUPPORTED_MEDIA_TYPE: status.INVALID_ARGUMENT,
  URI_TOO_LONG: status.INVALID_ARGUMENT,
  HEADERS_TOO_LARGE: status.INVALID_ARGUMENT,
  REQUEST_TIMEOUT: status.DEADLINE_EXCEEDED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  TOKEN_REVOKED: status.UNAUTHENTICATED,
  INVALID_CREDENTIALS: status.UNAUTHENTICATED,
  REFRESH_TOKEN_INVALID: status.UNAUTHENTICATED,
  FORBIDDEN: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  EMAIL_TAKEN: status.ALREADY_EXISTS,
  CONFLICT: status.ABORTED,
  RATE_LIMITED: status.RESOURCE_EXHAUSTED,
  SEAT_UNAVAILABLE: status.ABORTED,
  BOOKING_EXPIRED: status.FAILED_PRECONDITION,
  ALREADY_PAID: status.ALREADY_EXISTS,
  PAYMENT_DECLINED: status.FAILED_PRECONDITION,
  EVENT_NOT_AVAILABLE: status.FAILED_PRECONDITION,
  LIMIT_EXCEEDED: status.RESOURCE_EXHAUSTED,
  USER_SEAT_LIMIT_EXCEEDED: status.RESOURCE_EXHAUSTED,
  ADDRESS_SEAT_LIMIT_EXCEEDED: status.RESOURCE_EXHAUSTED,
  HOLD_COOLDOWN: status.RESOURCE_EXHAUSTED,
  IDEMPOTENCY_KEY_REUSED: status.FAILED_PRECONDITION,
  IDEMPOTENCY_IN_PROGRESS: status.ABORTED,
  UNAVAILABLE: status.UNAVAILABLE,
  OVERLOADED: status.RESOURCE_EXHAUSTED,
  INTERNAL: status.INTERNAL,
};

const CODE_KEY = 'ticres-code';
const FIELDS_KEY = 'ticres-fields';
/** Seconds after which a refused (OVERLOADED, or any RetryLaterError) or failed (UNAVAILABLE) call may be tried again. */
const RETRY_AFTER_KEY = 'ticres-retry-after';

/**
 * Field errors a status lists at most. They travel in a trailer, and an HTTP/2 peer accepts about
 * 64 KB of headers: past that grpc-js drops the whole connection, failing every call on it, not
 * just the one (a request with thousands of bad items did that). The first ones are listed.
 */
export const MAX_LISTED_FIELDS = 50;

/** How long a caller waits before trying again after a service that did not answer at all. */
const UNANSWERED_RETRY_AFTER_SECONDS = 1;

/**
 * Encodes a domain error for the wire: status from the table; code, fields and, for a refusal or
 * an outage, the retry-after hint in trailers.
 */
export function toServiceError(error: AppError): Partial<ServiceError> {
  const metadata = new Metadata();
  metadata.set(CODE_KEY, error.code);
  if (error.fields.length > 0) metadata.set(FIELDS_KEY, JSON.stringify(error.fields.slice(0, MAX_LISTED_FIELDS)));
  if (error instanceof RetryLaterError) metadata.set(RETRY_AFTER_KEY, String(error.retryAfterSeconds));
  return { code: GRPC_STATUS_BY_CODE[error.code], details: error.message, metadata };
}

/** The same for a fault: the client learns nothing of what went wrong inside. */
export function internalServiceError(): Partial<ServiceError> {
  return toServiceError(new AppError('INTERNAL', 'Internal error.'));
}

function readFields(metadata: Metadata | undefined): FieldError[] {
  const raw = metadata?.get(FIELDS_KEY)[0];
  if (typeof raw !== 'string') return [];
  try {
    return JSON.parse(raw) as FieldError[];
  } catch {
    return [];
  }
}

/** Decodes an error received from a TicRes gRPC service back into the domain error it carries. */
export function fromServiceError(error: ServiceError): AppError {
  const code = error.metadata?.get(CODE_KEY)[0];
  const retryAfter = () => Number(error.metadata.get(RETRY_AFTER_KEY)[0]) || UNANSWERED_RETRY_AFTER_SECONDS;
  if (code === 'OVERLOADED') return new OverloadedError(retryAfter(), error.details);
  if (code === 'UNAVAILABLE') return new UnavailableError(retryAfter(), error.details);
  if (typeof code === 'string' && code in GRPC_STATUS_BY_CODE) {
    const retryAfterSeconds = Number(error.metadata.get(RETRY_AFTER_KEY)[0]);
    if (retryAfterSeconds > 0) return new RetryLaterError(code as ErrorCode, error.details, retryAfterSeconds);
    return new AppError(code as ErrorCode, error.details, readFields(error.metadata));
  }
  if (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED) {
    return new UnavailableError(UNANSWERED_RETRY_AFTER_SECONDS, 'A service did not answer in time.');
  }
  return new AppError('INTERNAL', 'Internal error.');
}
