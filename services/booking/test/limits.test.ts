import { newId, type Principal } from '@ticres/shared';
import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  countBy,
  createBookingTestDatabase,
  createEvent,
  customer,
  deliver,
  envelopeOf,
  outcomeOf,
  seated,
  seatIdsOf,
  type BookingTestDatabase,
} from './support/booking-database';

describe('limits and refusals of HoldSeats', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;
  /** Re-holds at once after a release: these tests are about the open-hold count, not the cool-down (anti-hoarding.test). */
  let noCooldown: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase();
    booking = composeForTest(db.pool);
    noCooldown = composeForTest(db.pool, { HOLD_COOLDOWN_SECONDS: 0 });
  });

  afterAll(async () => {
    await db.drop();
  });

  const bySeats = (user: Principal, eventId: string, seatIds: string[]) =>
    booking.holdSeats(user, { eventId, seatIds, quantity: 0, section: '', idempotencyKey: '' });
  const byQuantity = (user: Principal, eventId: string, quantity: number) =>
    booking.holdSeats(user, { eventId, seatIds: [], quantity, section: '', idempotencyKey: '' });

  it('refuses 11 seats in either form', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 2, 10)]);
    const seatIds = await seatIdsOf(db.pool, event.event_id);
    await expect(bySeats(customer(), event.event_id, seatIds.slice(0, 11))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'seat_ids' }],
    });
    await expect(byQuantity(customer(), event.event_id, 11)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'quantity' }] });
    await expect(bySeats(customer(), event.event_id, seatIds.slice(0, 10))).resolves.toMatchObject({ totalCents: 100_000 });
  });

  it('refuses a second open hold for the same event, but not for another event or after cancelling', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 10)]);
    const other = await createEvent(db.pool, booking, [seated('HALL', 1, 10)]);
    const user = customer();
    const first = await byQuantity(user, event.event_id, 1);

    await expect(byQuantity(user, event.event_id, 1)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await expect(byQuantity(user, other.event_id, 1)).resolves.toMatchObject({ status: 'PENDING' });

    await booking.cancelBooking(user, first.id);
    await expect(
      noCooldown.holdSeats(user, { eventId: event.event_id, seatIds: [], quantity: 1, section: '', idempotencyKey: '' }),
    ).resolves.toMatchObject({
      status: 'PENDING',
    });
  });

  it('does not count a hold that has run out, even before the sweeper expired it', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 10)]);
    const user = customer();
    const lapsed = await byQuantity(user, event.event_id, 1);
    await db.pool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`, [lapsed.id]);
    await expect(
      noCooldown.holdSeats(user, { eventId: event.event_id, seatIds: [], quantity: 1, section: '', idempotencyKey: '' }),
    ).resolves.toMatchObject({
      status: 'PENDING',
    });
  });

  it('lets only one of ten concurrent holds of one user for one event through', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 10)]);
    const seatIds = await seatIdsOf(db.pool, event.event_id);
    const user = customer();

    const results = await Promise.allSettled(seatIds.map((seatId) => bySeats(user, event.event_id, [seatId])));

    expect(countBy(results.map(outcomeOf))).toEqual(
      new Map([
        ['OK', 1],
        ['LIMIT_EXCEEDED', 9],
      ]),
    );
    const open = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM bookings WHERE user_id = $1`, [user.userId]);
    expect(open.rows[0]).toEqual({ n: 1 });
  });

  it('honours a higher MAX_OPEN_HOLDS_PER_USER_PER_EVENT', async () => {
    const generous = composeForTest(db.pool, { MAX_OPEN_HOLDS_PER_USER_PER_EVENT: 2 });
    const event = await createEvent(db.pool, generous, [seated('HALL', 1, 10)]);
    const user = customer();
    const hold = () => generous.holdSeats(user, { eventId: event.event_id, seatIds: [], quantity: 1, section: '', idempotencyKey: '' });
    await hold();
    await hold();
    await expect(hold()).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('answers EVENT_NOT_AVAILABLE for a cancelled event and one that has started, NOT_FOUND for an unknown one', async () => {
    const cancelled = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    await deliver(
      db.pool,
      booking,
      envelopeOf('event.cancelled', { event_id: cancelled.event_id, reason: 'rain', cancelled_at: new Date().toISOString() }),
    );
    const started = await createEvent(db.pool, booking, [seated('HALL', 1, 4)], { starts_at: new Date(Date.now() - 60_000).toISOString() });

    await expect(byQuantity(customer(), cancelled.event_id, 1)).rejects.toMatchObject({ code: 'EVENT_NOT_AVAILABLE' });
    await expect(byQuantity(customer(), started.event_id, 1)).rejects.toMatchObject({ code: 'EVENT_NOT_AVAILABLE' });
    await expect(byQuantity(customer(), newId(), 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers VALIDATION_FAILED naming seat_ids for seats of another event or unknown seats, and holds nothing', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    const other = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    const [mine] = await seatIdsOf(db.pool, event.event_id);
    const [theirs] = await seatIdsOf(db.pool, other.event_id);

    for (const seatIds of [
      [mine!, theirs!],
      [mine!, newId()],
    ]) {
      await expect(bySeats(customer(), event.event_id, seatIds)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'seat_ids', message: 'must all be seats of the event' }],
      });
    }
    await expect(bySeats(customer(), event.event_id, [mine!, mine!])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const held = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM seats WHERE status <> 'available' AND event_id = ANY($1::uuid[])`, [
      [event.event_id, other.event_id],
    ]);
    expect(held.rows[0]).toEqual({ n: 0 });
  });
});
