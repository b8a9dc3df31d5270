import { newId, type Principal } from '@ticres/shared';
import type { BookingComponents } from '../src/compose';
import type { Booking } from '../src/domain/booking';
import {
  composeForTest,
  countBy,
  createBookingTestDatabase,
  createEvent,
  deliver,
  envelopeOf,
  outcomeOf,
  seated,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';
import { bookingRow, paymentService } from './support/payments';

describe('claiming a booking for a payment', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 12 });
    booking = composeForTest(db.pool, { CLAIM_TTL_SECONDS: 120 });
  });

  afterAll(async () => {
    await db.drop();
  });

  async function hold(seats = 2): Promise<{ owner: Principal; held: Booking; eventId: string }> {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    const owner: Principal = { userId: newId(), role: 'customer' };
    const held = await booking.holdSeats(owner, { eventId: event.event_id, seatIds: [], quantity: seats, section: '', idempotencyKey: '' });
    return { owner, held, eventId: event.event_id };
  }

  // Payment calls as itself, naming the paying user.
  const claim = (payer: Principal, bookingId: string, paymentId: string) =>
    booking.claimForPayment(paymentService, { bookingId, paymentId, userId: payer.userId });
  const release = (payer: Principal, bookingId: string, paymentId: string) =>
    booking.releasePaymentClaim(paymentService, { bookingId, paymentId, userId: payer.userId });
  const setBooking = (id: string, assignments: string) => db.pool.query(/* sql */ `UPDATE bookings SET ${assignments} WHERE id = $1`, [id]);

  it('lets nobody but the payment service claim or release, not even the booking’s owner', async () => {
    const { owner, held } = await hold();
    const paymentId = newId();
    const request = { bookingId: held.id, paymentId, userId: owner.userId };
    for (const caller of [owner, { userId: newId(), role: 'admin' }, { userId: 'service:notifier', role: 'service' }] satisfies Principal[]) {
      await expect(booking.claimForPayment(caller, request)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(booking.releasePaymentClaim(caller, request)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await bookingRow(db.pool, held.id)).claim_payment_id).toBeNull();
  });

  it('claims the owner’s pending booking for CLAIM_TTL_SECONDS and hides it from anyone else', async () => {
    const { owner, held } = await hold();
    const paymentId = newId();

    await expect(claim({ userId: newId(), role: 'customer' }, held.id, paymentId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(claim({ userId: newId(), role: 'admin' }, held.id, paymentId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(claim(owner, newId(), paymentId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await bookingRow(db.pool, held.id)).claim_payment_id).toBeNull();

    const claimed = await claim(owner, held.id, paymentId.toUpperCase());
    expect(claimed).toMatchObject({ id: held.id, status: 'PENDING', seats: held.seats });
    const { rows } = await db.pool.query<{ claim_payment_id: string; ttl: number }>(
      /* sql */ `SELECT claim_payment_id, round(extract(epoch FROM claimed_until - now()))::int AS ttl FROM bookings WHERE id = $1`,
      [held.id],
    );
    expect(rows[0]!.claim_payment_id).toBe(paymentId);
    expect(rows[0]!.ttl).toBeGreaterThanOrEqual(118);
    expect(rows[0]!.ttl).toBeLessThanOrEqual(120);
  });

  it('refuses bad ids, expired, paid, cancelled bookings and events no longer on sale', async () => {
    await expect(claim({ userId: newId(), role: 'customer' }, 'x', 'y')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        { field: 'booking_id', message: 'must be a UUID' },
        { field: 'payment_id', message: 'must be a UUID' },
      ],
    });

    const lapsed = await hold();
    await setBooking(lapsed.held.id, `expires_at = now() - interval '1 second'`);
    await expect(claim(lapsed.owner, lapsed.held.id, newId())).rejects.toMatchObject({ code: 'BOOKING_EXPIRED' });
    await booking.expireOverdueHolds();
    await expect(claim(lapsed.owner, lapsed.held.id, newId())).rejects.toMatchObject({ code: 'BOOKING_EXPIRED' });

    const paid = await hold();
    await setBooking(paid.held.id, `status = 'PAID'`);
    await expect(claim(paid.owner, paid.held.id, newId())).rejects.toMatchObject({ code: 'ALREADY_PAID' });

    const cancelled = await hold();
    await booking.cancelBooking(cancelled.owner, cancelled.held.id);
    await expect(claim(cancelled.owner, cancelled.held.id, newId())).rejects.toMatchObject({ code: 'CONFLICT' });

    const started = await hold();
    await db.pool.query(/* sql */ `UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = $1`, [started.eventId]);
    await expect(claim(started.owner, started.held.id, newId())).rejects.toMatchObject({ code: 'EVENT_NOT_AVAILABLE' });

    for (const refused of [lapsed, paid, cancelled, started]) expect((await bookingRow(db.pool, refused.held.id)).claim_payment_id).toBeNull();
  });

  it('lets exactly one of many concurrent payments claim a booking; the winner may claim again', async () => {
    const { owner, held } = await hold();
    const payments = Array.from({ length: 12 }, () => newId());

    const results = await Promise.allSettled(payments.map((paymentId) => claim(owner, held.id, paymentId)));

    expect(countBy(results.map(outcomeOf))).toEqual(
      new Map([
        ['OK', 1],
        ['CONFLICT', 11],
      ]),
    );
    const winner = payments[results.findIndex((result) => result.status === 'fulfilled')]!;
    expect((await bookingRow(db.pool, held.id)).claim_payment_id).toBe(winner);
    await expect(claim(owner, held.id, winner)).resolves.toMatchObject({ id: held.id });
    await expect(
      claim(
        owner,
        held.id,
        payments.find((p) => p !== winner)!,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('releases only the claiming payment’s claim, after which another payment may claim', async () => {
    const { owner, held } = await hold();
    const first = newId();
    const second = newId();
    await claim(owner, held.id, first);
    await expect(claim(owner, held.id, second)).rejects.toMatchObject({ code: 'CONFLICT' });

    // Another payment's release, or another user's, changes nothing.
    await expect(release(owner, held.id, second)).resolves.toMatchObject({ id: held.id, status: 'PENDING' });
    await expect(release({ userId: newId(), role: 'customer' }, held.id, first)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await bookingRow(db.pool, held.id)).claim_payment_id).toBe(first);

    await expect(release(owner, held.id, first)).resolves.toMatchObject({ id: held.id, status: 'PENDING' });
    expect(await bookingRow(db.pool, held.id)).toMatchObject({ claim_payment_id: null, claimed_until: null });
    await expect(release(owner, held.id, first)).resolves.toMatchObject({ id: held.id });
    await expect(claim(owner, held.id, second)).resolves.toMatchObject({ id: held.id });
    expect((await bookingRow(db.pool, held.id)).claim_payment_id).toBe(second);
  });

  it('lets another payment take over a stale claim', async () => {
    const { owner, held } = await hold();
    await claim(owner, held.id, newId());
    await setBooking(held.id, `claimed_until = now() - interval '1 second'`);
    const next = newId();
    await expect(claim(owner, held.id, next)).resolves.toMatchObject({ id: held.id });
    expect((await bookingRow(db.pool, held.id)).claim_payment_id).toBe(next);
  });

  it('keeps the sweeper off an overdue booking while its claim is fresh, and expires it once the claim is stale', async () => {
    const { owner, held, eventId } = await hold();
    await claim(owner, held.id, newId());
    await setBooking(held.id, `expires_at = now() - interval '1 second'`);

    await expect(booking.expireOverdueHolds()).resolves.toBe(0);
    expect((await bookingRow(db.pool, held.id)).status).toBe('PENDING');
    expect(await seatStatusCounts(db.pool, eventId)).toEqual({ held: 2, available: 2 });

    await setBooking(held.id, `claimed_until = now() - interval '1 second'`);
    await expect(booking.expireOverdueHolds()).resolves.toBe(1);
    expect((await bookingRow(db.pool, held.id)).status).toBe('EXPIRED');
    expect(await seatStatusCounts(db.pool, eventId)).toEqual({ available: 4 });
  });

  it('expires an overdue booking whose claim was released', async () => {
    const { owner, held } = await hold();
    const paymentId = newId();
    await claim(owner, held.id, paymentId);
    await setBooking(held.id, `expires_at = now() - interval '1 second'`);
    await expect(booking.expireOverdueHolds()).resolves.toBe(0);
    await release(owner, held.id, paymentId);
    await expect(booking.expireOverdueHolds()).resolves.toBe(1);
  });

  it('cancels a claimed booking with its event', async () => {
    const { owner, held, eventId } = await hold();
    await claim(owner, held.id, newId());
    await deliver(db.pool, booking, envelopeOf('event.cancelled', { event_id: eventId, reason: 'storm', cancelled_at: new Date().toISOString() }));
    expect((await bookingRow(db.pool, held.id)).status).toBe('CANCELLED');
    await expect(claim(owner, held.id, newId())).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
