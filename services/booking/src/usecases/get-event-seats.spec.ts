import type { Seat } from '../domain/seat';
import { createGetEventSeats } from './get-event-seats';

const EVENT_ID = '0190a0b0-c0d0-7e0f-8a0b-000000000001';

const seatsOf = (count: number): Seat[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `0190a0b0-c0d0-7e0f-8a0b-${String(i).padStart(12, '0')}`,
    eventId: EVENT_ID,
    label: `GA-${i + 1}`,
    section: 'GA',
    row: null,
    number: i + 1,
    priceCents: 100,
    status: 'available',
  }));

/** The use case over an event of `seatCount` seats (`listed` of them listed, by default all) and a bound. */
function sut({ seatCount, maxListedSeats, listed = seatCount ?? 0 }: { seatCount: number | undefined; maxListedSeats: number; listed?: number }) {
  const seatCountOf = jest.fn(async () => seatCount);
  const listByEvent = jest.fn(async (_eventId: string, limit: number) => seatsOf(Math.min(listed, limit)));
  const get = createGetEventSeats({ events: { seatCountOf }, seats: { listByEvent }, maxListedSeats });
  return { get, seatCountOf, listByEvent };
}

describe('getEventSeats', () => {
  it('lists every seat of an event of exactly the bound, asking for one more at most', async () => {
    const { get, listByEvent } = sut({ seatCount: 5, maxListedSeats: 5 });
    const answer = await get(EVENT_ID);
    expect(answer.seatCount).toBe(5);
    expect(answer.seats).toHaveLength(5);
    expect(listByEvent).toHaveBeenCalledWith(EVENT_ID, 6);
  });

  it('answers only the count of an event above the bound, without reading a seat', async () => {
    const { get, listByEvent } = sut({ seatCount: 6, maxListedSeats: 5 });
    expect(await get(EVENT_ID)).toEqual({ seatCount: 6, seats: undefined });
    expect(listByEvent).not.toHaveBeenCalled();
  });

  it('answers only the count when seats added after the count push the event over the bound', async () => {
    const { get, seatCountOf } = sut({ seatCount: 5, maxListedSeats: 5, listed: 50 });
    seatCountOf.mockResolvedValueOnce(5).mockResolvedValueOnce(50);
    expect(await get(EVENT_ID)).toEqual({ seatCount: 50, seats: undefined });
  });

  it('is NOT_FOUND for an event booking does not know, VALIDATION_FAILED for a malformed id', async () => {
    await expect(sut({ seatCount: undefined, maxListedSeats: 5 }).get(EVENT_ID)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sut({ seatCount: 1, maxListedSeats: 5 }).get('x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
