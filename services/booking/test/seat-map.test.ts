import type { BookingComponents } from '../src/compose';
import type { Seat } from '../src/domain/seat';
import { seatsOfSectionMap, type SeatMap } from '../src/domain/seat-map';
import type { AvailabilityAnswer } from '../src/usecases/get-event-availability';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  deliver,
  envelopeOf,
  generalAdmission,
  seated,
  type BookingTestDatabase,
} from './support/booking-database';

const mapOf = (answer: AvailabilityAnswer): SeatMap => {
  if (answer.kind !== 'map') throw new Error(`expected a map, got ${answer.kind}`);
  return answer.map;
};

/** Every seat the map stands for, decoded as a client would, in the shape GetEventSeats lists. */
const decoded = (map: SeatMap) =>
  map.sections.flatMap((section) =>
    seatsOfSectionMap(section).map((seat) => ({
      id: seat.id,
      label: seat.label,
      section: section.name,
      row: seat.row,
      number: seat.number,
      priceCents: section.priceCents,
      status: seat.status,
    })),
  );

const listed = ({ seats = [] }: { seats: Seat[] | undefined }) => seats.map(({ eventId: _eventId, ...seat }) => seat);

describe('the compact seat map', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 4 });
    // Every seat listed, the 10,506-seat event too, to compare the map with.
    booking = composeForTest(db.pool, { EVENT_DETAIL_MAX_SEATS: 100_000 });
  });

  afterAll(async () => {
    await db.drop();
  });

  const availability = (eventId: string, knownEtags: string[] = []) => booking.getEventAvailability({ eventId, knownEtags });

  it('decodes to exactly the seats GetEventSeats lists, ids, labels and held, sold and void statuses included', async () => {
    const event = await createEvent(db.pool, booking, [
      seated('Floor', 40, 250, 20_000),
      generalAdmission('Lawn', 500, 5_000),
      seated('Box', 2, 3, 90_000),
    ]);
    const holder = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 4, section: 'Floor', idempotencyKey: '' });
    const buyer = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 2, section: 'Box', idempotencyKey: '' });
    await db.pool.query(/* sql */ `UPDATE bookings SET status = 'PAID' WHERE id = $1`, [buyer.id]);
    await db.pool.query(/* sql */ `UPDATE seats SET status = 'sold' WHERE booking_id = $1`, [buyer.id]);
    await db.pool.query(/* sql */ `UPDATE seats SET status = 'void' WHERE event_id = $1 AND label IN ('Lawn-7', 'Floor-AN-250')`, [event.event_id]);

    const map = mapOf(await availability(event.event_id));

    expect(map.sections.map(({ statuses, seatIdPrefix, ...layout }) => ({ ...layout, length: statuses.length, prefixed: seatIdPrefix !== null }))).toEqual(
      [
        { name: 'Floor', position: 0, priceCents: 20_000, rows: 40, seatsPerRow: 250, capacity: 10_000, available: 9_995, length: 10_000, prefixed: true },
        { name: 'Lawn', position: 1, priceCents: 5_000, rows: 0, seatsPerRow: 0, capacity: 500, available: 499, length: 500, prefixed: true },
        { name: 'Box', position: 2, priceCents: 90_000, rows: 2, seatsPerRow: 3, capacity: 6, available: 4, length: 6, prefixed: true },
      ],
    );
    expect(map.sections[0]!.statuses.slice(0, 6)).toBe('hhhhaa');
    expect(map.sections[2]!.statuses).toBe('ssaaaa');
    expect(map.currency).toBe('IDR');
    expect(decoded(map)).toEqual(listed(await booking.getEventSeats(event.event_id)));
    expect(holder.seats.map((seat) => seat.id)).toEqual(
      decoded(map)
        .slice(0, 4)
        .map((seat) => seat.id),
    );
  });

  it('has one tag per content: the same while nothing changes, another after a hold, not_modified for a known tag', async () => {
    const event = await createEvent(db.pool, booking, [generalAdmission('Floor', 100)]);
    const first = mapOf(await availability(event.event_id));
    expect(first.etag).toMatch(/^W\/"[\w-]+"$/);
    expect(mapOf(await availability(event.event_id)).etag).toBe(first.etag);
    await expect(availability(event.event_id, ['W/"other"', first.etag])).resolves.toEqual({ kind: 'not_modified', etag: first.etag });

    await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 1, section: '', idempotencyKey: '' });

    const second = await availability(event.event_id, [first.etag]);
    expect(mapOf(second).etag).not.toBe(first.etag);
    expect(mapOf(second).sections[0]!.statuses.slice(0, 2)).toBe('ha');
  });

  it('shows a place whose label an earlier section took as no seat, and adds sections of event.updated', async () => {
    // "A" row B seats 1-2 and "A-B" seats 1-2 are both labelled A-B-1 and A-B-2: the earlier section keeps them.
    const event = await createEvent(db.pool, booking, [seated('A', 2, 2), generalAdmission('A-B', 3)]);
    await deliver(db.pool, booking, envelopeOf('event.updated', { ...event, sections: [...event.sections, generalAdmission('C', 2)] }));

    const map = mapOf(await availability(event.event_id));

    expect(map.sections.map((section) => [section.name, section.statuses, section.available])).toEqual([
      ['A', 'aaaa', 4],
      ['A-B', '--a', 1],
      ['C', 'aa', 2],
    ]);
    expect(decoded(map)).toEqual(listed(await booking.getEventSeats(event.event_id)));
  });

  it('is NOT_FOUND for an event booking does not know and VALIDATION_FAILED for a malformed id', async () => {
    await expect(availability('0190a0b0-c0d0-7e0f-8a0b-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(availability('42')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
