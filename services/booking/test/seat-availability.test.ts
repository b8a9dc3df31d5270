import type { BookingComponents } from '../src/compose';
import { createSeatAvailability } from '../src/db/seat-availability';
import type { HoldRequest } from '../src/domain/hold-request';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  deliver,
  envelopeOf,
  generalAdmission,
  seated,
  seatIdsOf,
  type BookingTestDatabase,
} from './support/booking-database';

describe('the read that refuses plainly doomed holds', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;
  let availability: ReturnType<typeof createSeatAvailability>;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 4 });
    booking = composeForTest(db.pool);
    availability = createSeatAvailability(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  const named = (eventId: string, seatIds: string[]): HoldRequest => ({ kind: 'seats', eventId, seatIds, idempotencyKey: undefined });
  const quantity = (eventId: string, n: number, section?: string): HoldRequest => ({
    kind: 'quantity',
    eventId,
    quantity: n,
    section,
    idempotencyKey: undefined,
  });

  it('is true for a taken named seat or too few free seats of an event on sale, false otherwise', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 3), generalAdmission('FLOOR', 2)]);
    const [first, second] = await seatIdsOf(db.pool, event.event_id, 'HALL');
    await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [first!], quantity: 0, section: '', idempotencyKey: '' });

    expect(await availability.plainlyUnavailable(named(event.event_id, [second!]))).toBe(false);
    expect(await availability.plainlyUnavailable(named(event.event_id, [second!, first!]))).toBe(true);
    expect(await availability.plainlyUnavailable(quantity(event.event_id, 4))).toBe(false);
    expect(await availability.plainlyUnavailable(quantity(event.event_id, 5))).toBe(true);
    expect(await availability.plainlyUnavailable(quantity(event.event_id, 2, 'HALL'))).toBe(false);
    expect(await availability.plainlyUnavailable(quantity(event.event_id, 3, 'HALL'))).toBe(true);
  });

  it('is false for an event not on sale, so the hold reports that precisely', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 2)]);
    const seatIds = await seatIdsOf(db.pool, event.event_id);
    await deliver(db.pool, booking, envelopeOf('event.cancelled', { event_id: event.event_id, reason: 'storm', cancelled_at: new Date().toISOString() }));

    expect(await availability.plainlyUnavailable(named(event.event_id, seatIds))).toBe(false);
    expect(await availability.plainlyUnavailable(quantity(event.event_id, 1))).toBe(false);
    await expect(booking.holdSeats(customer(), { eventId: event.event_id, seatIds, quantity: 0, section: '', idempotencyKey: '' })).rejects.toMatchObject({
      code: 'EVENT_NOT_AVAILABLE',
    });
  });
});
