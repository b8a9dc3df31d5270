import type { ErrorCode } from '@ticres/shared';
import { HTTP_STATUS_BY_CODE, problemType, toProblem } from './problem';

describe('problem', () => {
  it.each<[ErrorCode, number]>([
    ['VALIDATION_FAILED', 400],
    ['MALFORMED_REQUEST', 400],
    ['UNAUTHENTICATED', 401],
    ['INVALID_CREDENTIALS', 401],
    ['REFRESH_TOKEN_INVALID', 401],
    ['PAYMENT_DECLINED', 402],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['EMAIL_TAKEN', 409],
    ['CONFLICT', 409],
    ['SEAT_UNAVAILABLE', 409],
    ['ALREADY_PAID', 409],
    ['IDEMPOTENCY_IN_PROGRESS', 409],
    ['EVENT_NOT_AVAILABLE', 409],
    ['BOOKING_EXPIRED', 410],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['LIMIT_EXCEEDED', 422],
    ['USER_SEAT_LIMIT_EXCEEDED', 422],
    ['ADDRESS_SEAT_LIMIT_EXCEEDED', 422],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['RATE_LIMITED', 429],
    ['HOLD_COOLDOWN', 429],
    ['INTERNAL', 500],
    ['UNAVAILABLE', 503],
    ['OVERLOADED', 503],
  ])('maps %s to HTTP %i', (code, status) => {
    expect(HTTP_STATUS_BY_CODE[code]).toBe(status);
    expect(toProblem(code, 'x').status).toBe(status);
  });

  it('has a status for every code and nothing else', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE)).toHaveLength(30);
  });

  it('names the problem type after the code in kebab case', () => {
    expect(problemType('EMAIL_TAKEN')).toBe('https://ticres.example.com/problems/email-taken');
  });

  it('builds an RFC 9457 document with the code and, only when there are any, the bad fields', () => {
    expect(toProblem('NOT_FOUND', 'No such booking.')).toEqual({
      type: 'https://ticres.example.com/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such booking.',
      code: 'NOT_FOUND',
    });
    const fields = [{ field: 'email', message: 'is required' }];
    expect(toProblem('VALIDATION_FAILED', 'bad', fields)).toMatchObject({ status: 400, errors: fields });
  });
});
