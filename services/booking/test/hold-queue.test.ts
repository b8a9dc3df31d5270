import { withCallDeadline, type Principal } from '@ticres/shared';
import type { Pool, PoolClient } from 'pg';
import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  seated,
  seatIdsOf,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';

/** Resolves once some backend of this database waits for a row lock. */
async function someoneWaitsForALock(pool: Pool): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      /* sql */ `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('holds in a queue of their own (HOLD_CONCURRENCY, HOLD_QUEUE_LENGTH)', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;
  let locker: PoolClient | undefined;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 6 });
    // One hold at a time, one waiting: the third is refused.
    booking = composeForTest(db.pool, { HOLD_CONCURRENCY: 1, HOLD_QUEUE_LENGTH: 1 });
  });

  afterEach(async () => {
    await locker?.query('ROLLBACK');
    locker?.release();
    locker = undefined;
  });

  afterAll(async () => {
    await db.drop();
  });

  const hold = (user: Principal, eventId: string, seatId: string) =>
    booking.holdSeats(user, { eventId, seatIds: [seatId], quantity: 0, section: '', idempotencyKey: '' });

  /** Another transaction locks the seat (as a hold in progress does) until the test rolls it back. */
  async function lockSeat(seatId: string): Promise<void> {
    locker = await db.pool.connect();
    await locker.query('BEGIN');
    await locker.query(/* sql */ `SELECT id FROM seats WHERE id = $1 FOR UPDATE`, [seatId]);
  }

  it('runs one hold, queues one, refuses the next at once without touching its seat, while reads go on', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 10)]);
    const [first, second, third] = await seatIdsOf(db.pool, event.event_id);
    await lockSeat(first!);

    const running = hold(customer(), event.event_id, first!);
    await someoneWaitsForALock(db.pool);
    const queued = hold(customer(), event.event_id, second!);

    // The slot is still taken and the queue full: refused now, not when a slot frees up.
    await expect(hold(customer(), event.event_id, third!)).rejects.toMatchObject({ code: 'OVERLOADED', retryAfterSeconds: expect.any(Number) });
    // Reads do not queue behind holds.
    await expect(booking.getEventSeats(event.event_id)).resolves.toHaveLength(10);
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 10 });

    await locker!.query('ROLLBACK');
    locker!.release();
    locker = undefined;
    await expect(running).resolves.toMatchObject({ status: 'PENDING' });
    await expect(queued).resolves.toMatchObject({ status: 'PENDING' });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 8, held: 2 });
  });

  it('never runs a hold that cannot start before its caller gives up', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 10)]);
    const [first, second] = await seatIdsOf(db.pool, event.event_id);
    await lockSeat(first!);
    const running = hold(customer(), event.event_id, first!);
    await someoneWaitsForALock(db.pool);

    // The only slot is busy until the lock is released, which the deadline does not outlast.
    const late = withCallDeadline(Date.now() + 50, () => hold(customer(), event.event_id, second!));
    await expect(late).rejects.toMatchObject({ code: 'OVERLOADED' });

    await locker!.query('ROLLBACK');
    locker!.release();
    locker = undefined;
    await expect(running).resolves.toMatchObject({ status: 'PENDING' });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 9, held: 1 });
  });
});
