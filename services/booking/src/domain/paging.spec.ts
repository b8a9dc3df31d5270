import { AppError } from '@ticres/shared';
import { parseBookingQuery, parsePageRequest } from './paging';

const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return error.fields.map((f) => f.field);
    throw error;
  }
  throw new Error('expected VALIDATION_FAILED');
};

describe('parsePageRequest', () => {
  it('reads 0 (proto3 for absent) as page 1 of 20', () => {
    expect(parsePageRequest({ page: 0, limit: 0 })).toEqual({ page: 1, limit: 20 });
    expect(parsePageRequest({ page: 3, limit: 100 })).toEqual({ page: 3, limit: 100 });
  });

  it('refuses a negative page and a limit outside 1..100', () => {
    expect(fieldsOf(() => parsePageRequest({ page: -1, limit: 101 }))).toEqual(['page', 'limit']);
    expect(fieldsOf(() => parsePageRequest({ page: 1, limit: -5 }))).toEqual(['limit']);
    expect(fieldsOf(() => parsePageRequest({ page: 10_001, limit: 20 }))).toEqual(['page']);
  });
});

describe('parseBookingQuery', () => {
  const query = { status: '', eventId: '', sort: '', page: 0, limit: 0 };

  it('defaults to every booking, newest first', () => {
    expect(parseBookingQuery(query)).toEqual({ status: undefined, eventId: undefined, sort: '-created_at', page: 1, limit: 20 });
  });

  it('takes a status, an event and any of the four sorts', () => {
    const eventId = '0190A0A0-0000-7000-8000-000000000000';
    expect(parseBookingQuery({ ...query, status: 'PAID', eventId, sort: 'total_cents' })).toMatchObject({
      status: 'PAID',
      eventId: eventId.toLowerCase(),
      sort: 'total_cents',
    });
    for (const sort of ['created_at', '-created_at', 'total_cents', '-total_cents']) {
      expect(parseBookingQuery({ ...query, sort }).sort).toBe(sort);
    }
  });

  it('names each bad filter', () => {
    expect(fieldsOf(() => parseBookingQuery({ ...query, status: 'paid', eventId: 'x', sort: 'price', limit: 500 }))).toEqual([
      'limit',
      'status',
      'event_id',
      'sort',
    ]);
  });
});
