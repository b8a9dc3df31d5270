import type { Pool } from '@ticres/shared';
import { composeForTest, createBookingTestDatabase, createEvent, generalAdmission, seated, type BookingTestDatabase } from './support/booking-database';

/** `pool` with the most rows any of its queries answered since the last `reset`. */
function rowCountingPool(pool: Pool) {
  let mostRows = 0;
  const counting = new Proxy(pool, {
    get(target, key) {
      if (key !== 'query') {
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: Parameters<Pool['query']>) => {
        const result = await (target.query as (...a: unknown[]) => Promise<{ rows?: unknown[] }>)(...args);
        mostRows = Math.max(mostRows, result.rows?.length ?? 0);
        return result;
      };
    },
  });
  return {
    pool: counting,
    mostRows: () => mostRows,
    reset: () => {
      mostRows = 0;
    },
  };
}

describe('GetEventSeats and EVENT_DETAIL_MAX_SEATS, on Postgres', () => {
  let db: BookingTestDatabase;
  let eventId: string;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 2 });
    eventId = (await createEvent(db.pool, composeForTest(db.pool), [seated('Floor', 3, 4), generalAdmission('Lawn', 3)])).event_id;
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lists all 15 seats of a 15-seat event when the bound is 15', async () => {
    const { seatCount, seats } = await composeForTest(db.pool, { EVENT_DETAIL_MAX_SEATS: 15 }).getEventSeats(eventId);
    expect(seatCount).toBe(15);
    expect(seats?.map((seat) => seat.label)).toEqual([
      ...['A', 'B', 'C'].flatMap((row) => [1, 2, 3, 4].map((n) => `Floor-${row}-${n}`)),
      'Lawn-1',
      'Lawn-2',
      'Lawn-3',
    ]);
  });

  it('answers only the count when the bound is 14, reading no seat row from Postgres', async () => {
    const counting = rowCountingPool(db.pool);
    const booking = composeForTest(counting.pool, { EVENT_DETAIL_MAX_SEATS: 14 });
    counting.reset();
    expect(await booking.getEventSeats(eventId)).toEqual({ seatCount: 15, seats: undefined });
    expect(counting.mostRows()).toBe(1);
  });
});
