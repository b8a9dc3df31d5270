import type { FastifySchemaValidationError } from 'fastify';
import type { ValidateFunction } from 'ajv';
import { holdSeatsBody } from '../routes/booking.schemas';
import { createEventBody } from '../routes/event.schemas';
import { fieldErrorsOf } from './field-errors';
import { createValidatorCompiler } from './validation';

const UUID = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69';

function errorsFor(schema: object, body: unknown) {
  const validate = createValidatorCompiler()({
    schema,
    httpPart: 'body',
    method: 'POST',
    url: '/',
  }) as ValidateFunction;
  expect(validate(body)).toBe(false);
  return fieldErrorsOf(validate.errors as FastifySchemaValidationError[]);
}

const event = (sections: unknown[]) => ({
  name: 'Show',
  location: 'Jakarta',
  starts_at: '2026-08-01T19:00:00+07:00',
  sections,
});

describe('field errors of a oneOf (the closest branch only)', () => {
  it('reports a wrongly typed field of a seated section, not the general-admission form it is not', () => {
    expect(errorsFor(createEventBody, event([{ name: 'VIP', price_cents: '10', rows: 2, seats_per_row: 5 }]))).toEqual([
      { field: 'sections[0].price_cents', message: 'must be integer' },
    ]);
  });

  it('names the field that mixes the two forms', () => {
    const body = event([{ name: 'VIP', price_cents: 10, rows: 2, seats_per_row: 5, capacity: 10 }]);
    expect(errorsFor(createEventBody, body)).toEqual([{ field: 'sections[0].capacity', message: 'is not allowed' }]);
  });

  it('keeps the errors of each array element to that element', () => {
    const body = event([
      { name: 'VIP', price_cents: 10, rows: 2, seats_per_row: 5 },
      { name: 'GA', price_cents: 10, capacity: 0 },
    ]);
    expect(errorsFor(createEventBody, body)).toEqual([{ field: 'sections[1].capacity', message: 'must be >= 1' }]);
  });

  it('takes the first form on a tie: {} needs event_id and seat_ids', () => {
    expect(errorsFor(holdSeatsBody, {})).toEqual([
      { field: 'event_id', message: 'is required' },
      { field: 'seat_ids', message: 'is required' },
    ]);
  });

  it('reports seat_ids beside quantity as one field too many', () => {
    expect(errorsFor(holdSeatsBody, { event_id: UUID, seat_ids: [UUID], quantity: 1 })).toEqual([{ field: 'quantity', message: 'is not allowed' }]);
  });

  it('reports a bad quantity in the quantity form', () => {
    expect(errorsFor(holdSeatsBody, { event_id: UUID, quantity: 11, section: 'VIP' })).toEqual([{ field: 'quantity', message: 'must be <= 10' }]);
  });

  it('prefers the form whose properties fit over the one with fewer errors', () => {
    expect(errorsFor(holdSeatsBody, { event_id: 'x', seat_ids: ['A-1', 'A-1'] })).toEqual([
      { field: 'event_id', message: 'must match format "uuid"' },
      { field: 'seat_ids[0]', message: 'must match format "uuid"' },
      { field: 'seat_ids[1]', message: 'must match format "uuid"' },
      { field: 'seat_ids', message: 'must NOT have duplicate items (items ## 1 and 0 are identical)' },
    ]);
  });

  it('reports a body that is not an object once, under "body"', () => {
    expect(errorsFor(holdSeatsBody, [1])).toEqual([{ field: 'body', message: 'must be object' }]);
  });
});
