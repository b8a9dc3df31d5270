import { withTransaction } from '@ticres/shared';
import { createSeatRepository } from '../src/db/seat.repository';
import { composeForTest, createBookingTestDatabase, createEvent, generalAdmission, type BookingTestDatabase } from './support/booking-database';

describe('a round of seat picking in a savepoint', () => {
  let db: BookingTestDatabase;
  let eventId: string;

  beforeAll(async () => {
    db = await createBookingTestDatabase();
    eventId = (await createEvent(db.pool, composeForTest(db.pool), [generalAdmission('FLOOR', 4)])).event_id;
  });

  afterAll(async () => {
    await db.drop();
  });

  /** Whether another transaction can lock the seat right now, without waiting. */
  const lockableByOthers = async (seatId: string) =>
    db.pool.query(/* sql */ `SELECT id FROM seats WHERE id = $1 FOR UPDATE NOWAIT`, [seatId]).then(
      () => true,
      () => false,
    );

  it('gives back the seats a round locked when it is undone, and keeps those of a round that picked them', async () => {
    await withTransaction(db.pool, async (tx) => {
      const seats = createSeatRepository(tx);
      let undone: string[] = [];
      expect(
        await seats.inSavepoint(async () => {
          undone = (await seats.lockAvailable({ eventId, section: undefined }, 2)).map((seat) => seat.id);
          return undefined;
        }),
      ).toBeUndefined();
      expect(undone).toHaveLength(2);
      expect(await Promise.all(undone.map(lockableByOthers))).toEqual([true, true]);

      const kept = await seats.inSavepoint(async () => seats.lockAvailable({ eventId, section: undefined }, 2));
      expect(kept).toHaveLength(2);
      expect(await Promise.all(kept!.map((seat) => lockableByOthers(seat.id)))).toEqual([false, false]);
    });
  });
});
