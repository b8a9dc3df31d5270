import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { OverloadedError } from '../admission/overloaded-error';
import { AppError, RetryLaterError } from '../errors';
import { UnavailableError } from '../unavailable-error';
import { fromServiceError, internalServiceError, toServiceError } from './status';

const asServiceError = (partial: Partial<ServiceError>): ServiceError =>
  Object.assign(new Error(partial.details), { code: status.UNKNOWN, details: '', metadata: new Metadata() }, partial);

describe('gRPC error mapping', () => {
  it('round-trips a domain error with its code and fields', () => {
    const original = new AppError('VALIDATION_FAILED', 'bad', [{ field: 'email', message: 'is invalid' }]);
    const wire = toServiceError(original);
    expect(wire.code).toBe(status.INVALID_ARGUMENT);
    const decoded = fromServiceError(asServiceError(wire));
    expect(decoded).toMatchObject({ code: 'VALIDATION_FAILED', message: 'bad', fields: original.fields });
  });

  it('maps codes through the table', () => {
    expect(toServiceError(new AppError('NOT_FOUND', 'x')).code).toBe(status.NOT_FOUND);
    expect(toServiceError(new AppError('FORBIDDEN', 'x')).code).toBe(status.PERMISSION_DENIED);
    expect(toServiceError(new AppError('EMAIL_TAKEN', 'x')).code).toBe(status.ALREADY_EXISTS);
  });

  it('carries a refusal under overload as RESOURCE_EXHAUSTED with its retry-after hint', () => {
    const wire = toServiceError(new OverloadedError(7, 'Too busy; try again later.'));
    expect(wire.code).toBe(status.RESOURCE_EXHAUSTED);
    const decoded = fromServiceError(asServiceError(wire));
    expect(decoded).toBeInstanceOf(OverloadedError);
    expect(decoded).toMatchObject({ code: 'OVERLOADED', message: 'Too busy; try again later.', retryAfterSeconds: 7 });
  });

  it('carries a refusal for a known time with its code and retry-after hint', () => {
    const wire = toServiceError(new RetryLaterError('HOLD_COOLDOWN', 'Wait a little.', 42));
    expect(wire.code).toBe(status.RESOURCE_EXHAUSTED);
    const decoded = fromServiceError(asServiceError(wire));
    expect(decoded).toBeInstanceOf(RetryLaterError);
    expect(decoded).toMatchObject({ code: 'HOLD_COOLDOWN', message: 'Wait a little.', retryAfterSeconds: 42 });
  });

  it('carries an outage behind a service as UNAVAILABLE with its retry-after hint', () => {
    const wire = toServiceError(new UnavailableError(2, 'The service cannot reach its database; try again shortly.'));
    expect(wire.code).toBe(status.UNAVAILABLE);
    const decoded = fromServiceError(asServiceError(wire));
    expect(decoded).toBeInstanceOf(UnavailableError);
    expect(decoded).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 2 });
  });

  it('carries any other refusal`s retry-after hint with its own code', () => {
    const wire = toServiceError(new RetryLaterError('IDEMPOTENCY_IN_PROGRESS', 'Wait for it.', 12));
    expect(wire.code).toBe(status.ABORTED);
    const decoded = fromServiceError(asServiceError(wire));
    expect(decoded).toBeInstanceOf(RetryLaterError);
    expect(decoded).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', message: 'Wait for it.', retryAfterSeconds: 12 });
    expect(fromServiceError(asServiceError(toServiceError(new AppError('CONFLICT', 'x'))))).not.toBeInstanceOf(RetryLaterError);
  });

  it('hides internal text', () => {
    const decoded = fromServiceError(asServiceError(internalServiceError()));
    expect(decoded).toMatchObject({ code: 'INTERNAL', message: 'Internal error.' });
  });

  it('treats transport failures without a code as UNAVAILABLE', () => {
    expect(fromServiceError(asServiceError({ code: status.DEADLINE_EXCEEDED }))).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 1 });
    expect(fromServiceError(asServiceError({ code: status.UNAVAILABLE }))).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 1 });
    expect(fromServiceError(asServiceError({ code: status.UNKNOWN, details: 'stack...' })).message).toBe('Internal error.');
  });
});
