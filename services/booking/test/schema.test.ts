import { newId } from '@ticres/shared';
import type { BookingComponents } from '../src/compose';
import { createBookingRepository } from '../src/db/booking.repository';
import { newPendingBooking } from '../src/domain/booking';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  generalAdmission,
  seatIdsOf,
  type BookingTestDatabase,
} from './support/booking-database';

describe('the booking schema', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 3 });
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lives in the booking schema, owned by the booking role', async () => {
    const { rows } = await db.pool.query<{ tablename: string; tableowner: string }>(
      /* sql */ `SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'booking' ORDER BY tablename`,
    );
    expect(rows).toEqual(
      ['booking_items', 'bookings', 'events', 'idempotency_keys', 'inbox', 'outbox', 'payment_rejections', 'schema_migrations', 'seats', 'sections'].map(
        (tablename) => ({
          tablename,
          tableowner: 'ticres_booking',
        }),
      ),
    );
  });

  it('refuses a second live booking item for one seat, however it is written', async () => {
    const event = await createEvent(db.pool, booking, [generalAdmission('FLOOR', 2)]);
    const [seatId] = await seatIdsOf(db.pool, event.event_id);
    const first = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [seatId!], quantity: 0, section: '', idempotencyKey: '' });

    // Bypassing the seat lock, as a bug might: the index still says no, and the repository says SEAT_UNAVAILABLE.
    const second = newPendingBooking({
      userId: newId(),
      eventId: event.event_id,
      currency: 'IDR',
      seats: [{ id: seatId!, label: 'FLOOR-1', priceCents: 5_000 }],
      now: new Date(),
      ttlSeconds: 900,
    });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(createBookingRepository(client).insertHold(second, undefined)).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await expect(
      db.pool.query(/* sql */ `INSERT INTO booking_items (booking_id, seat_id, label, price_cents, position) VALUES ($1, $2, 'FLOOR-1', 1, 1)`, [
        first.id,
        seatId,
      ]),
    ).rejects.toMatchObject({ code: '23505' });

    // Once the first booking lets go, the seat may be booked again.
    await booking.cancelBooking({ userId: first.userId, role: 'customer' }, first.id);
    await expect(
      booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [seatId!], quantity: 0, section: '', idempotencyKey: '' }),
    ).resolves.toMatchObject({ status: 'PENDING' });
  });

  it('keeps a seat’s booking consistent with its status, and statuses to their lists', async () => {
    const event = await createEvent(db.pool, booking, [generalAdmission('FLOOR', 1)]);
    const [seatId] = await seatIdsOf(db.pool, event.event_id);
    await expect(db.pool.query(/* sql */ `UPDATE seats SET status = 'held' WHERE id = $1`, [seatId])).rejects.toMatchObject({ code: '23514' });
    await expect(db.pool.query(/* sql */ `UPDATE seats SET status = 'reserved' WHERE id = $1`, [seatId])).rejects.toMatchObject({ code: '23514' });
    const held = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [seatId!], quantity: 0, section: '', idempotencyKey: '' });
    await expect(db.pool.query(/* sql */ `UPDATE bookings SET status = 'LOST' WHERE id = $1`, [held.id])).rejects.toMatchObject({ code: '23514' });
    await expect(db.pool.query(/* sql */ `UPDATE seats SET booking_id = NULL WHERE id = $1`, [seatId])).rejects.toMatchObject({ code: '23514' });
  });
});
