import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  countBy,
  createBookingTestDatabase,
  createEvent,
  customer,
  outcomeOf,
  seated,
  seatIdsOf,
  type BookingTestDatabase,
} from './support/booking-database';

const holdSeats = (booking: BookingComponents, eventId: string, seatIds: string[]) =>
  booking.holdSeats(customer(), { eventId, seatIds, quantity: 0, section: '', idempotencyKey: '' });

function shuffled<T>(values: readonly T[]): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('holding named seats under real concurrency', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase();
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lets exactly one of 200 users hold the same seat; the rest get SEAT_UNAVAILABLE', async () => {
    const event = await createEvent(db.pool, booking, [seated('VIP', 2, 10)]);
    const [seatId] = await seatIdsOf(db.pool, event.event_id);

    const results = await Promise.allSettled(Array.from({ length: 200 }, () => holdSeats(booking, event.event_id, [seatId!])));

    expect(countBy(results.map(outcomeOf))).toEqual(
      new Map([
        ['OK', 1],
        ['SEAT_UNAVAILABLE', 199],
      ]),
    );
    const winner = results.find((r) => r.status === 'fulfilled')!.value;
    const seat = await db.pool.query(/* sql */ `SELECT status, booking_id FROM seats WHERE id = $1`, [seatId]);
    expect(seat.rows).toEqual([{ status: 'held', booking_id: winner.id }]);
    const items = await db.pool.query(/* sql */ `SELECT booking_id FROM booking_items WHERE seat_id = $1 AND active`, [seatId]);
    expect(items.rows).toEqual([{ booking_id: winner.id }]);
    const bookings = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM bookings WHERE event_id = $1`, [event.event_id]);
    expect(bookings.rows[0]).toEqual({ n: 1 });
  });

  it('lets 100 overlapping multi-seat requests in random orders end only in holds or SEAT_UNAVAILABLE, never a seat twice', async () => {
    const event = await createEvent(db.pool, booking, [seated('FLOOR', 2, 8)]);
    const seatIds = await seatIdsOf(db.pool, event.event_id);
    const requests = Array.from({ length: 100 }, () => shuffled(seatIds).slice(0, 2 + Math.floor(Math.random() * 4)));

    const results = await Promise.allSettled(requests.map((ids) => holdSeats(booking, event.event_id, ids)));

    const unexpected = results.map(outcomeOf).filter((outcome) => outcome !== 'OK' && outcome !== 'SEAT_UNAVAILABLE');
    expect(unexpected).toEqual([]);
    const winners = requests.filter((_, i) => results[i]!.status === 'fulfilled');
    expect(winners.length).toBeGreaterThan(0);

    // Each winner got exactly the seats it asked for.
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') expect(result.value.seats.map((s) => s.id).sort()).toEqual([...requests[i]!].sort());
    });
    const twice = await db.pool.query(/* sql */ `SELECT seat_id FROM booking_items WHERE active GROUP BY seat_id HAVING count(*) > 1`);
    expect(twice.rows).toEqual([]);
    const held = await db.pool.query<{ id: string }>(/* sql */ `SELECT id FROM seats WHERE event_id = $1 AND status = 'held' ORDER BY id`, [
      event.event_id,
    ]);
    const union = [...new Set(winners.flat())].sort();
    expect(held.rows.map((row) => row.id)).toEqual(union);
    // Disjoint: the winners' seat counts add up to the seats held.
    expect(winners.reduce((sum, ids) => sum + ids.length, 0)).toBe(union.length);
  });
});
