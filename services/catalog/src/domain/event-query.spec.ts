import { failureOf } from '../../test/support/failures';
import { eventQueryInput } from '../../test/support/fixtures';
import { parseEventQuery } from './event-query';

const input = eventQueryInput;

describe('parseEventQuery', () => {
  it('defaults to page 1 of 20 with no filters', () => {
    expect(parseEventQuery(input())).toEqual({ page: 1, limit: 20 });
  });

  it('keeps the filters, with the search trimmed and lower-cased and the bounds as instants', () => {
    expect(
      parseEventQuery(
        input({ search: '  Jazz FEST ', status: 'completed', from: '2030-01-01T07:00:00+07:00', to: '2030-02-01T00:00:00Z', page: 3, limit: 50 }),
      ),
    ).toEqual({
      search: 'jazz fest',
      status: 'completed',
      from: new Date('2030-01-01T00:00:00Z'),
      to: new Date('2030-02-01T00:00:00Z'),
      page: 3,
      limit: 50,
    });
  });

  it('drops a search of only spaces', () => {
    expect(parseEventQuery(input({ search: '   ' }))).toEqual({ page: 1, limit: 20 });
  });

  it('allows a limit of 1 to 100 and refuses more', () => {
    expect(parseEventQuery(input({ limit: 1 })).limit).toBe(1);
    expect(parseEventQuery(input({ limit: 100 })).limit).toBe(100);
    expect(failureOf(() => parseEventQuery(input({ limit: 101 }))).fields).toEqual([{ field: 'limit', message: 'must be an integer from 1 to 100' }]);
    expect(failureOf(() => parseEventQuery(input({ limit: -1 }))).fields).toEqual([{ field: 'limit', message: 'must be an integer from 1 to 100' }]);
  });

  it('allows pages from 1 to 10000', () => {
    expect(parseEventQuery(input({ page: 10_000 })).page).toBe(10_000);
    expect(failureOf(() => parseEventQuery(input({ page: 10_001 }))).fields).toEqual([{ field: 'page', message: 'must be an integer from 1 to 10000' }]);
    expect(failureOf(() => parseEventQuery(input({ page: -2 }))).fields).toEqual([{ field: 'page', message: 'must be an integer from 1 to 10000' }]);
  });

  it.each(['available', 'cancelled', 'completed'])('accepts status %s', (status) => {
    expect(parseEventQuery(input({ status })).status).toBe(status);
  });

  it('refuses an unknown status, a malformed bound, a range that ends before it starts and a long search, all at once', () => {
    const error = failureOf(() =>
      parseEventQuery(input({ search: 's'.repeat(201), status: 'Available', from: '2030-02-01', to: '2030-01-01T00:00:00Z', page: 0, limit: 500 })),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.field)).toEqual(['limit', 'search', 'status', 'from']);

    expect(failureOf(() => parseEventQuery(input({ from: '2030-02-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }))).fields).toEqual([
      { field: 'to', message: 'must not be before from' },
    ]);
  });

  it('refuses a search with a control character or line break inside', () => {
    expect(failureOf(() => parseEventQuery(input({ search: 'rock\r\nroll' }))).fields.map((f) => f.field)).toEqual(['search']);
  });

  it('allows a search of 200 characters and a range of one instant', () => {
    expect(parseEventQuery(input({ search: 's'.repeat(200) })).search).toHaveLength(200);
    expect(parseEventQuery(input({ from: '2030-01-01T00:00:00Z', to: '2030-01-01T07:00:00+07:00' })).to).toEqual(new Date('2030-01-01T00:00:00Z'));
  });
});
