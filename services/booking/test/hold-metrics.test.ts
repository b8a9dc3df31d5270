import { MetricsRegistry } from '@ticres/shared';
import { parsePrometheusText } from '@ticres/shared/testing';
import type { BookingComponents } from '../src/compose';
import { composeForTest, createBookingTestDatabase, createEvent, customer, seated, type BookingTestDatabase } from './support/booking-database';

describe('hold metrics', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;
  const metrics = new MetricsRegistry();
  const count = async (name: string) => parsePrometheusText(await metrics.metrics()).value(name);

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 5 });
    booking = composeForTest(db.pool, {}, { metrics });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('counts holds placed (not refused ones) and holds the sweeper expired', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    const hold = (quantity: number) => booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity, section: '', idempotencyKey: '' });
    await hold(2);
    await hold(2);
    await expect(hold(1)).rejects.toMatchObject({ code: expect.any(String) });
    expect(await count('ticres_holds_created_total')).toBe(2);
    expect(await count('ticres_holds_expired_total')).toBe(0);

    await db.pool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE event_id = $1`, [event.event_id]);
    expect(await booking.expireOverdueHolds()).toBe(2);
    expect(await count('ticres_holds_expired_total')).toBe(2);
    expect(await count('ticres_holds_created_total')).toBe(2);
  });
});
