import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  seated,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';

const holdBest = (booking: BookingComponents, eventId: string, quantity: number) =>
  booking.holdSeats(customer(), { eventId, seatIds: [], quantity, section: '', idempotencyKey: '' });

describe('expiring overdue holds', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 10 });
    booking = composeForTest(db.pool, { SWEEP_BATCH_SIZE: 7 });
  });

  afterAll(async () => {
    await db.drop();
  });

  const overdue = (eventId: string) =>
    db.pool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE event_id = $1`, [eventId]);

  it('expires each booking exactly once when two replicas sweep at once, and gives its seats back once', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 10, 10)]);
    const held = await Promise.all(Array.from({ length: 40 }, () => holdBest(booking, event.event_id, 2)));
    await overdue(event.event_id);

    // Two replicas: each its own pool, batches small enough that they interleave.
    const replicas = [db.newPool(5), db.newPool(5)].map((pool) => composeForTest(pool, { SWEEP_BATCH_SIZE: 3 }));
    const counts = await Promise.all(replicas.map((replica) => replica.expireOverdueHolds()));

    expect(counts[0]! + counts[1]!).toBe(40);
    const statuses = await db.pool.query(/* sql */ `SELECT status, count(*)::int AS n FROM bookings GROUP BY status`);
    expect(statuses.rows).toEqual([{ status: 'EXPIRED', n: 40 }]);
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 100 });
    const live = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM booking_items WHERE active`);
    expect(live.rows[0]).toEqual({ n: 0 });

    const events = await db.pool.query<{ aggregate_id: string; n: number }>(
      /* sql */ `SELECT aggregate_id, count(*)::int AS n FROM outbox WHERE type = 'booking.expired' GROUP BY aggregate_id`,
    );
    expect(events.rows.map((row) => row.aggregate_id).sort()).toEqual(held.map((b) => b.id).sort());
    expect(events.rows.every((row) => row.n === 1)).toBe(true);
    const payload = await db.pool.query(/* sql */ `SELECT payload FROM outbox WHERE type = 'booking.expired' AND aggregate_id = $1`, [held[0]!.id]);
    expect(payload.rows[0].payload).toEqual({
      booking_id: held[0]!.id,
      user_id: held[0]!.userId,
      event_id: event.event_id,
      event_name: event.name,
      event_starts_at: new Date(event.starts_at).toISOString(),
      seats: held[0]!.seats.map((seat) => ({ id: seat.id, label: seat.label, price_cents: seat.priceCents })),
      total_cents: held[0]!.totalCents,
      currency: 'IDR',
      expires_at: expect.any(String),
    });

    // Nothing left to do: a second round changes nothing and writes no second event.
    await expect(booking.expireOverdueHolds()).resolves.toBe(0);
    const total = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM outbox WHERE type = 'booking.expired'`);
    expect(total.rows[0]).toEqual({ n: 40 });

    // The released seats sell again.
    const again = await Promise.all(Array.from({ length: 50 }, () => holdBest(booking, event.event_id, 2)));
    expect(new Set(again.flatMap((b) => b.seats.map((s) => s.id))).size).toBe(100);
  });

  it('leaves holds that are still running and paid bookings alone', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 6)]);
    const running = await holdBest(booking, event.event_id, 2);
    const paid = await holdBest(booking, event.event_id, 2);
    const lapsed = await holdBest(booking, event.event_id, 2);
    // A payment confirmed after the deadline passed: its seats are sold and must stay so.
    await db.pool.query(/* sql */ `UPDATE bookings SET status = 'PAID', expires_at = now() - interval '1 minute' WHERE id = $1`, [paid.id]);
    await db.pool.query(/* sql */ `UPDATE seats SET status = 'sold' WHERE booking_id = $1`, [paid.id]);
    await db.pool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`, [lapsed.id]);

    await expect(booking.expireOverdueHolds()).resolves.toBe(1);

    const { rows } = await db.pool.query<{ id: string; status: string }>(/* sql */ `SELECT id, status FROM bookings WHERE event_id = $1`, [
      event.event_id,
    ]);
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [running.id]: 'PENDING',
      [paid.id]: 'PAID',
      [lapsed.id]: 'EXPIRED',
    });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ held: 2, sold: 2, available: 2 });
  });

  it('expires a hold after HOLD_TTL_SECONDS by the database clock', async () => {
    const shortHolds = composeForTest(db.pool, { HOLD_TTL_SECONDS: 1 });
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    const hold = await holdBest(shortHolds, event.event_id, 2);
    expect(hold.expiresAt.getTime() - hold.createdAt.getTime()).toBe(1_000);

    await expect(booking.expireOverdueHolds()).resolves.toBe(0);
    // The sweeper judges by the database clock: wait on that clock until the hold has run out.
    await db.pool.query(/* sql */ `SELECT pg_sleep(greatest(0, extract(epoch FROM $1::timestamptz - now())))`, [hold.expiresAt]);
    await expect(booking.expireOverdueHolds()).resolves.toBe(1);
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 4 });
  });
});
