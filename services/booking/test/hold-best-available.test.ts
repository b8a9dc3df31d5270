import type { Booking } from '../src/domain/booking';
import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  countBy,
  createBookingTestDatabase,
  createEvent,
  customer,
  generalAdmission,
  outcomeOf,
  seated,
  seatIdsOf,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';

const holdBest = (booking: BookingComponents, eventId: string, quantity: number, section = '') =>
  booking.holdSeats(customer(), { eventId, seatIds: [], quantity, section, idempotencyKey: '' });

const labels = (booking: Booking) => booking.seats.map((seat) => seat.label);

describe('holding the best available seats', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase();
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('sells a 1,000-seat section out exactly to 500 concurrent buyers of 2, each with seats of their own', async () => {
    const event = await createEvent(db.pool, booking, [seated('VIP', 1, 10, 90_000), seated('ARENA', 20, 50, 20_000)]);

    const results = await Promise.allSettled(Array.from({ length: 500 }, () => holdBest(booking, event.event_id, 2, 'ARENA')));

    expect(countBy(results.map(outcomeOf))).toEqual(new Map([['OK', 500]]));
    const bookings = results.map((result) => (result as PromiseFulfilledResult<Booking>).value);
    const seatIds = bookings.flatMap((b) => b.seats.map((seat) => seat.id));
    expect(seatIds).toHaveLength(1_000);
    expect(new Set(seatIds).size).toBe(1_000);
    expect(bookings.every((b) => b.seats.every((seat) => seat.label.startsWith('ARENA-')) && b.totalCents === 40_000)).toBe(true);

    const { rows } = await db.pool.query<{ status: string; n: number }>(
      /* sql */ `SELECT status, count(*)::int AS n FROM seats WHERE event_id = $1 AND section = 'ARENA' GROUP BY status`,
      [event.event_id],
    );
    expect(rows).toEqual([{ status: 'held', n: 1_000 }]);
    // The other section was never touched.
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ held: 1_000, available: 10 });
    const live = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM booking_items WHERE active`);
    expect(live.rows[0]).toEqual({ n: 1_000 });

    await expect(holdBest(booking, event.event_id, 2, 'ARENA')).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    await expect(holdBest(booking, event.event_id, 11, 'ARENA')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('picks the first run of adjacent seats in one row, dearest section first', async () => {
    const event = await createEvent(db.pool, booking, [seated('STALLS', 3, 4, 10_000), seated('BOX', 2, 4, 50_000)]);
    // BOX-A-2 and BOX-B-3 taken: no 3 adjacent seats left in BOX row A; row B has B-1, B-2 and B-4.
    const box = await seatIdsOf(db.pool, event.event_id, 'BOX');
    await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [box[1]!], quantity: 0, section: '', idempotencyKey: '' });
    await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [box[6]!], quantity: 0, section: '', idempotencyKey: '' });

    expect(labels(await holdBest(booking, event.event_id, 2))).toEqual(['BOX-A-3', 'BOX-A-4']);
    // BOX has no 3 adjacent seats left (A-1, B-1, B-2, B-4): sitting together beats the dearer section.
    expect(labels(await holdBest(booking, event.event_id, 3))).toEqual(['STALLS-A-1', 'STALLS-A-2', 'STALLS-A-3']);
    // Asked for BOX, they get its best 3 even though they are not side by side.
    expect(labels(await holdBest(booking, event.event_id, 3, 'BOX'))).toEqual(['BOX-A-1', 'BOX-B-1', 'BOX-B-2']);
    // Row A of STALLS has one seat left: the pair goes to row B.
    expect(labels(await holdBest(booking, event.event_id, 2, 'STALLS'))).toEqual(['STALLS-B-1', 'STALLS-B-2']);
  });

  it('answers SEAT_UNAVAILABLE for more seats than remain, an unknown section, and holds nothing', async () => {
    const event = await createEvent(db.pool, booking, [generalAdmission('FLOOR', 3)]);
    await expect(holdBest(booking, event.event_id, 4)).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    await expect(holdBest(booking, event.event_id, 1, 'BALCONY')).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 3 });
    expect(labels(await holdBest(booking, event.event_id, 3, 'FLOOR'))).toEqual(['FLOOR-1', 'FLOOR-2', 'FLOOR-3']);
  });
});

describe('a best-available hold meeting seats other transactions have locked', () => {
  let db: BookingTestDatabase;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 4 });
  });

  afterAll(async () => {
    await db.drop();
  });

  /**
   * Booking whose best-available holds report their first backoff (`waiting`: the hold has seen
   * the seats locked) and then stay in it until the test calls `proceed`.
   */
  function holdThatReportsWaiting() {
    let reportWaiting!: () => void;
    let proceed!: () => void;
    const waiting = new Promise<void>((resolve) => {
      reportWaiting = resolve;
    });
    const proceeding = new Promise<void>((resolve) => {
      proceed = resolve;
    });
    const booking = composeForTest(
      db.pool,
      {},
      {
        pause: async () => {
          reportWaiting();
          await proceeding;
        },
      },
    );
    return { booking, waiting, proceed };
  }

  /** Another transaction locks every available seat of the event but one, and keeps them locked. */
  async function lockAllButOne(eventId: string) {
    const locker = await db.pool.connect();
    await locker.query('BEGIN');
    const { rows } = await locker.query<{ id: string }>(/* sql */ `SELECT id FROM seats WHERE event_id = $1 ORDER BY ordinal OFFSET 1 FOR UPDATE`, [
      eventId,
    ]);
    return { locker, lockedIds: rows.map((row) => row.id) };
  }

  it('waits for them to be released instead of answering SEAT_UNAVAILABLE', async () => {
    const { booking, waiting, proceed } = holdThatReportsWaiting();
    const event = await createEvent(db.pool, booking, [generalAdmission('FLOOR', 4)]);
    const { locker } = await lockAllButOne(event.event_id);

    const hold = holdBest(booking, event.event_id, 2);
    await waiting;
    await locker.query('ROLLBACK');
    locker.release();
    proceed();

    expect(labels(await hold)).toEqual(['FLOOR-1', 'FLOOR-2']);
  });

  it('answers SEAT_UNAVAILABLE once the locking transaction has taken them', async () => {
    const { booking, waiting, proceed } = holdThatReportsWaiting();
    const event = await createEvent(db.pool, booking, [generalAdmission('FLOOR', 4)]);
    const { locker, lockedIds } = await lockAllButOne(event.event_id);

    const hold = holdBest(booking, event.event_id, 2);
    await waiting;
    await locker.query(/* sql */ `UPDATE seats SET status = 'void' WHERE id = ANY($1::uuid[])`, [lockedIds]);
    await locker.query('COMMIT');
    locker.release();
    proceed();

    await expect(hold).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 1, void: 3 });
  });
});
