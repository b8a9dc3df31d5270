import { AppError, newId } from '@ticres/shared';
import { SINGLE_LINE_TEXT_MESSAGE } from '@ticres/shared/limits';
import { holdRequestFingerprint, parseHoldRequest, type HoldSeatsInput } from './hold-request';

const eventId = newId();
const ids = (n: number) => Array.from({ length: n }, () => newId());
const input = (overrides: Partial<HoldSeatsInput>): HoldSeatsInput => ({
  eventId,
  seatIds: [],
  quantity: 0,
  section: '',
  idempotencyKey: '',
  ...overrides,
});

function problemsOf(overrides: Partial<HoldSeatsInput>): Record<string, string> {
  try {
    parseHoldRequest(input(overrides));
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
      return Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
    }
    throw error;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('parseHoldRequest by seat ids', () => {
  it('accepts 1 to 10 distinct seat ids, lower-casing them', () => {
    const seatIds = ids(10);
    expect(parseHoldRequest(input({ seatIds: seatIds.map((id) => id.toUpperCase()) }))).toEqual({
      kind: 'seats',
      eventId,
      seatIds,
      idempotencyKey: undefined,
    });
    expect(parseHoldRequest(input({ seatIds: ids(1) })).kind).toBe('seats');
  });

  it('refuses 11 seats, a malformed id and the same seat twice', () => {
    expect(problemsOf({ seatIds: ids(11) })).toEqual({ seat_ids: 'must hold at most 10 seats' });
    expect(problemsOf({ seatIds: [newId(), 'seat-1'] })).toEqual({ seat_ids: 'must be UUIDs' });
    const twice = newId();
    expect(problemsOf({ seatIds: [twice, twice.toUpperCase()] })).toEqual({ seat_ids: 'must not name a seat twice' });
  });

  it('refuses a section with seat ids', () => {
    expect(problemsOf({ seatIds: ids(2), section: 'VIP' })).toEqual({ section: 'only goes with quantity' });
  });
});

describe('parseHoldRequest by quantity', () => {
  it('accepts 1 to 10 seats with or without a section', () => {
    expect(parseHoldRequest(input({ quantity: 10, section: 'VIP' }))).toEqual({
      kind: 'quantity',
      eventId,
      quantity: 10,
      section: 'VIP',
      idempotencyKey: undefined,
    });
    expect(parseHoldRequest(input({ quantity: 1 }))).toMatchObject({ kind: 'quantity', quantity: 1, section: undefined });
  });

  it('refuses 11, a negative quantity and an over-long section', () => {
    expect(problemsOf({ quantity: 11 })).toEqual({ quantity: 'must be an integer from 1 to 10' });
    expect(problemsOf({ quantity: -2 })).toEqual({ quantity: 'must be an integer from 1 to 10' });
    expect(problemsOf({ quantity: 2, section: 'S'.repeat(51) })).toEqual({ section: 'must be at most 50 characters' });
    expect(problemsOf({ quantity: 2, section: 'VIP\r\n' })).toEqual({ section: SINGLE_LINE_TEXT_MESSAGE });
  });
});

describe('parseHoldRequest, either form', () => {
  it('wants exactly one form', () => {
    expect(problemsOf({})).toEqual({ seat_ids: 'give seat_ids or quantity', quantity: 'give seat_ids or quantity' });
    expect(problemsOf({ seatIds: ids(1), quantity: 1 })).toEqual({
      seat_ids: 'give seat_ids or quantity, not both',
      quantity: 'give seat_ids or quantity, not both',
    });
  });

  it('lists every bad field at once: event id, seats and idempotency key', () => {
    expect(Object.keys(problemsOf({ eventId: 'nope', seatIds: ids(11), idempotencyKey: 'k'.repeat(256) }))).toEqual([
      'event_id',
      'idempotency_key',
      'seat_ids',
    ]);
    expect(problemsOf({ quantity: 1, idempotencyKey: 'tab\there' })).toEqual({
      idempotency_key: 'must be 1 to 255 printable ASCII characters',
    });
  });

  it('keeps a printable idempotency key as given', () => {
    expect(parseHoldRequest(input({ quantity: 1, idempotencyKey: 'order-42 / retry' })).idempotencyKey).toBe('order-42 / retry');
  });
});

describe('holdRequestFingerprint', () => {
  const [a, b] = ids(2);

  it('is the same for the same seats in another order and case, or another key', () => {
    const first = parseHoldRequest(input({ seatIds: [a!, b!], idempotencyKey: 'one' }));
    const second = parseHoldRequest(input({ seatIds: [b!.toUpperCase(), a!], idempotencyKey: 'two' }));
    expect(holdRequestFingerprint(first)).toBe(holdRequestFingerprint(second));
  });

  it('differs for other seats, another quantity or another section', () => {
    const prints = [
      input({ seatIds: [a!] }),
      input({ seatIds: [a!, b!] }),
      input({ quantity: 2 }),
      input({ quantity: 3 }),
      input({ quantity: 2, section: 'VIP' }),
    ].map((request) => holdRequestFingerprint(parseHoldRequest(request)));
    expect(new Set(prints).size).toBe(prints.length);
  });
});

describe('parseHoldRequest, client address', () => {
  it('keys a given address (an IPv6 one by its /64) and leaves an empty one unknown', () => {
    expect(parseHoldRequest(input({ quantity: 1, clientAddress: '203.0.113.7' }))).toMatchObject({ clientAddress: '203.0.113.7' });
    expect(parseHoldRequest(input({ quantity: 1, clientAddress: '2001:db8::9' }))).toMatchObject({ clientAddress: '2001:db8:0:0::/64' });
    expect(parseHoldRequest(input({ quantity: 1, clientAddress: '' })).clientAddress).toBeUndefined();
  });

  it('refuses what is not an IP address', () => {
    expect(problemsOf({ quantity: 1, clientAddress: 'somewhere' })).toEqual({ client_address: 'must be an IP address' });
  });
});
