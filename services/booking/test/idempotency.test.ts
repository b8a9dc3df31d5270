import type { Principal } from '@ticres/shared';
import type { BookingComponents } from '../src/compose';
import type { HoldSeatsInput } from '../src/domain/hold-request';
import {
  composeForTest,
  countBy,
  createBookingTestDatabase,
  createEvent,
  customer,
  outcomeOf,
  seated,
  seatIdsOf,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';

describe('Idempotency-Key on HoldSeats', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;
  let eventId: string;
  let seatIds: string[];

  beforeAll(async () => {
    db = await createBookingTestDatabase();
    // Several open holds per user, so a second hold is never refused for the limit's sake.
    booking = composeForTest(db.pool, { MAX_OPEN_HOLDS_PER_USER_PER_EVENT: 10 });
    eventId = (await createEvent(db.pool, booking, [seated('HALL', 4, 10)])).event_id;
    seatIds = await seatIdsOf(db.pool, eventId);
  });

  afterAll(async () => {
    await db.drop();
  });

  const request = (overrides: Partial<HoldSeatsInput>): HoldSeatsInput => ({
    eventId,
    seatIds: [],
    quantity: 0,
    section: '',
    idempotencyKey: '',
    ...overrides,
  });

  const bookingsOf = async (user: Principal) =>
    (await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM bookings WHERE user_id = $1`, [user.userId])).rows[0].n as number;

  it('replays the first booking for the same key and request and holds nothing new', async () => {
    const user = customer();
    const first = await booking.holdSeats(user, request({ seatIds: [seatIds[0]!, seatIds[1]!], idempotencyKey: 'pay-1' }));
    const replay = await booking.holdSeats(user, request({ seatIds: [seatIds[1]!, seatIds[0]!], idempotencyKey: 'pay-1' }));

    expect(replay).toEqual(first);
    expect(await bookingsOf(user)).toBe(1);
    const created = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM outbox WHERE type = 'booking.created' AND aggregate_id = $1`, [
      first.id,
    ]);
    expect(created.rows[0]).toEqual({ n: 1 });

    // A best-available replay does not pick new seats either.
    const best = await booking.holdSeats(user, request({ quantity: 2, idempotencyKey: 'best-1' }));
    const held = await seatStatusCounts(db.pool, eventId);
    await expect(booking.holdSeats(user, request({ quantity: 2, idempotencyKey: 'best-1' }))).resolves.toMatchObject({ id: best.id });
    expect(await seatStatusCounts(db.pool, eventId)).toEqual(held);
  });

  it('refuses the same key with a different request, and scopes keys to the caller', async () => {
    const user = customer();
    const first = await booking.holdSeats(user, request({ quantity: 1, idempotencyKey: 'shared-key' }));
    await expect(booking.holdSeats(user, request({ quantity: 2, idempotencyKey: 'shared-key' }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    const other = await booking.holdSeats(customer(), request({ quantity: 1, idempotencyKey: 'shared-key' }));
    expect(other.id).not.toBe(first.id);
  });

  it('lets concurrent requests with one key make one booking; the others wait their turn or get the replay', async () => {
    const user = customer();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => booking.holdSeats(user, request({ quantity: 3, idempotencyKey: 'double-click' }))),
    );

    const outcomes = countBy(results.map(outcomeOf));
    expect([...outcomes.keys()].filter((code) => code !== 'OK' && code !== 'IDEMPOTENCY_IN_PROGRESS')).toEqual([]);
    const ids = new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : [])));
    expect(ids.size).toBe(1);
    expect(await bookingsOf(user)).toBe(1);
    // Once the first has finished, the key replays it.
    await expect(booking.holdSeats(user, request({ quantity: 3, idempotencyKey: 'double-click' }))).resolves.toMatchObject({
      id: [...ids][0],
    });
  });

  it('frees the key when the hold fails, so the same key works once the seat is free', async () => {
    const holder = customer();
    const user = customer();
    const taken = await booking.holdSeats(holder, request({ seatIds: [seatIds[39]!] }));

    await expect(booking.holdSeats(user, request({ seatIds: [seatIds[39]!], idempotencyKey: 'retry-me' }))).rejects.toMatchObject({
      code: 'SEAT_UNAVAILABLE',
    });
    const keys = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1`, [user.userId]);
    expect(keys.rows[0]).toEqual({ n: 0 });

    await booking.cancelBooking(holder, taken.id);
    await expect(booking.holdSeats(user, request({ seatIds: [seatIds[39]!], idempotencyKey: 'retry-me' }))).resolves.toMatchObject({
      seats: [{ id: seatIds[39] }],
    });
  });

  it('takes over a claim abandoned by a crashed request, and forgets keys older than the TTL', async () => {
    const user = customer();
    const fresh = await booking.holdSeats(user, request({ quantity: 1, idempotencyKey: 'crashed' }));
    // Pretend the request that completed it died before finishing, long ago.
    await db.pool.query(
      /* sql */ `UPDATE idempotency_keys SET state = 'in_progress', booking_id = NULL, created_at = now() - interval '2 minutes' WHERE user_id = $1`,
      [user.userId],
    );
    const retried = await booking.holdSeats(user, request({ quantity: 1, idempotencyKey: 'crashed' }));
    expect(retried.id).not.toBe(fresh.id);

    await db.pool.query(/* sql */ `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1`, [user.userId]);
    // An expired key is a new key: another request may use it.
    await expect(booking.holdSeats(user, request({ quantity: 2, idempotencyKey: 'crashed' }))).resolves.toMatchObject({ status: 'PENDING' });

    await db.pool.query(/* sql */ `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1`, [user.userId]);
    await expect(booking.purgeIdempotencyKeys()).resolves.toBeGreaterThanOrEqual(1);
    const left = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1`, [user.userId]);
    expect(left.rows[0]).toEqual({ n: 0 });
  });
});
