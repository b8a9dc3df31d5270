import type { Principal } from '@ticres/shared';
import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  countBy,
  createBookingTestDatabase,
  createEvent,
  customer,
  generalAdmission,
  outcomeOf,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';

/**
 * The anti-hoarding rules of HoldSeats (docs/security/anti-hoarding.md) against real Postgres:
 * the cool-down after a release, the cap on a person's held seats across events, and the cap on
 * seats held on one event from one client address, whatever the accounts.
 */
describe('anti-hoarding rules of HoldSeats', () => {
  let db: BookingTestDatabase;
  /** The production defaults: cool-down 60 s, 20 seats per person, 40 seats per address per event. */
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase();
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  const hold = (service: BookingComponents, user: Principal, eventId: string, quantity: number, clientAddress = '') =>
    service.holdSeats(user, { eventId, seatIds: [], quantity, section: '', idempotencyKey: '', clientAddress });
  const backdate = (bookingId: string, column: 'updated_at' | 'expires_at', seconds: number) =>
    db.pool.query(/* sql */ `UPDATE bookings SET ${column} = now() - make_interval(secs => $2) WHERE id = $1`, [bookingId, seconds]);

  describe('the cool-down before re-holding on an event (HOLD_COOLDOWN_SECONDS)', () => {
    it('refuses a re-hold right after a cancel, with the seconds left, until the cool-down has passed', async () => {
      const event = await createEvent(db.pool, booking, [generalAdmission('GA', 50)]);
      const other = await createEvent(db.pool, booking, [generalAdmission('GA', 50)]);
      const user = customer();
      const first = await hold(booking, user, event.event_id, 2);
      await booking.cancelBooking(user, first.id);

      await expect(hold(booking, user, event.event_id, 2)).rejects.toMatchObject({ code: 'HOLD_COOLDOWN', retryAfterSeconds: 60 });
      // Only this person, only this event.
      await expect(hold(booking, customer(), event.event_id, 2)).resolves.toMatchObject({ status: 'PENDING' });
      await expect(hold(booking, user, other.event_id, 2)).resolves.toMatchObject({ status: 'PENDING' });

      await backdate(first.id, 'updated_at', 45);
      await expect(hold(booking, user, event.event_id, 2)).rejects.toMatchObject({ code: 'HOLD_COOLDOWN', retryAfterSeconds: 15 });
      await backdate(first.id, 'updated_at', 61);
      await expect(hold(booking, user, event.event_id, 2)).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('counts a hold that ran out as released, from its expiry, swept or not', async () => {
      const event = await createEvent(db.pool, booking, [generalAdmission('GA', 50)]);
      const user = customer();
      const lapsed = await hold(booking, user, event.event_id, 2);
      await backdate(lapsed.id, 'expires_at', 1);
      await expect(hold(booking, user, event.event_id, 2)).rejects.toMatchObject({ code: 'HOLD_COOLDOWN' });

      await booking.expireOverdueHolds();
      await expect(hold(booking, user, event.event_id, 2)).rejects.toMatchObject({ code: 'HOLD_COOLDOWN' });
      await backdate(lapsed.id, 'expires_at', 61);
      await expect(hold(booking, user, event.event_id, 2)).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('is off at 0', async () => {
      const noCooldown = composeForTest(db.pool, { HOLD_COOLDOWN_SECONDS: 0 });
      const event = await createEvent(db.pool, noCooldown, [generalAdmission('GA', 50)]);
      const user = customer();
      await noCooldown.cancelBooking(user, (await hold(noCooldown, user, event.event_id, 2)).id);
      await expect(hold(noCooldown, user, event.event_id, 2)).resolves.toMatchObject({ status: 'PENDING' });
    });
  });

  describe("the cap on a person's held seats across events (MAX_OPEN_HELD_SEATS_PER_USER)", () => {
    it('refuses seats beyond 20 on hold, counting the seats asked for, and frees them as holds end', async () => {
      const events = await Promise.all([1, 2, 3].map(() => createEvent(db.pool, booking, [generalAdmission('GA', 50)])));
      const [a, b, c] = events.map((event) => event.event_id) as [string, string, string];
      const user = customer();
      const first = await hold(booking, user, a, 10);
      await hold(booking, user, b, 9);

      await expect(hold(booking, user, c, 2)).rejects.toMatchObject({ code: 'USER_SEAT_LIMIT_EXCEEDED' });
      await expect(hold(booking, user, c, 1)).resolves.toMatchObject({ status: 'PENDING' });
      await expect(hold(booking, customer(), c, 10)).resolves.toMatchObject({ status: 'PENDING' });

      const more = composeForTest(db.pool, { MAX_OPEN_HELD_SEATS_PER_USER: 21, HOLD_COOLDOWN_SECONDS: 0 });
      await more.cancelBooking(user, first.id);
      await expect(hold(more, user, a, 10)).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('lets concurrent holds on different events through only up to the cap', async () => {
      const events = await Promise.all([1, 2, 3, 4, 5].map(() => createEvent(db.pool, booking, [generalAdmission('GA', 20)])));
      const user = customer();

      const results = await Promise.allSettled(events.map((event) => hold(booking, user, event.event_id, 10)));

      expect(countBy(results.map(outcomeOf))).toEqual(
        new Map([
          ['OK', 2],
          ['USER_SEAT_LIMIT_EXCEEDED', 3],
        ]),
      );
    });
  });

  describe('the cap on seats held on an event from one client address (MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT)', () => {
    const address = '198.51.100.23';

    it('stops 19 fresh accounts behind one address at 40 seats of a 200-seat event, even all at once', async () => {
      const event = await createEvent(db.pool, booking, [generalAdmission('GA', 200)]);
      const accounts = Array.from({ length: 19 }, customer);

      const results = await Promise.allSettled(accounts.map((account) => hold(booking, account, event.event_id, 10, address)));

      expect(countBy(results.map(outcomeOf))).toEqual(
        new Map([
          ['OK', 4],
          ['ADDRESS_SEAT_LIMIT_EXCEEDED', 15],
        ]),
      );
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ held: 40, available: 160 });
      // Another address, another event, or an unknown address are not counted with it.
      await expect(hold(booking, customer(), event.event_id, 10, '198.51.100.24')).resolves.toMatchObject({ status: 'PENDING' });
      await expect(hold(booking, customer(), event.event_id, 10)).resolves.toMatchObject({ status: 'PENDING' });
      const other = await createEvent(db.pool, booking, [generalAdmission('GA', 200)]);
      await expect(hold(booking, customer(), other.event_id, 10, address)).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('counts every address of one IPv6 /64 together, and frees seats as holds end', async () => {
      const event = await createEvent(db.pool, booking, [generalAdmission('GA', 200)]);
      const owner = customer();
      const holds = [];
      for (let n = 1; n <= 4; n++) holds.push(await hold(booking, n === 1 ? owner : customer(), event.event_id, 10, `2001:db8:7:7::${n}`));

      await expect(hold(booking, customer(), event.event_id, 1, '2001:db8:7:7:ffff::1')).rejects.toMatchObject({ code: 'ADDRESS_SEAT_LIMIT_EXCEEDED' });
      await booking.cancelBooking(owner, holds[0]!.id);
      await expect(hold(booking, customer(), event.event_id, 10, '2001:db8:7:7:ffff::1')).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('is off at 0', async () => {
      const open = composeForTest(db.pool, { MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT: 0 });
      const event = await createEvent(db.pool, open, [generalAdmission('GA', 200)]);

      const results = await Promise.allSettled(Array.from({ length: 19 }, () => hold(open, customer(), event.event_id, 10, address)));

      expect(countBy(results.map(outcomeOf))).toEqual(new Map([['OK', 19]]));
    });
  });
});
