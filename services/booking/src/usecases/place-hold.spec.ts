import { newId, type Principal } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import type { HoldLimits } from '../domain/hold-limits';
import type { HoldRequest } from '../domain/hold-request';
import type { SeatRecord } from '../domain/seat';
import { COMMIT_AND_ANSWER_MS, createPlaceHold, type HoldStore } from './place-hold';

const now = new Date('2030-01-01T10:00:00Z');
const caller: Principal = { userId: newId(), role: 'customer' };
const limits: HoldLimits = { maxOpenHoldsPerUserPerEvent: 1, maxOpenHeldSeatsPerUser: 20, maxHeldSeatsPerAddressPerEvent: 40, holdCooldownSeconds: 60 };

function seatRecord(eventId: string, label: string, ordinal: number, status: SeatRecord['status'] = 'available'): SeatRecord {
  return { id: newId(), eventId, label, section: 'VIP', sectionPosition: 0, row: 'A', number: ordinal, ordinal, priceCents: 1_000 * ordinal, status };
}

/** An in-memory store: one event, its seats, and what the hold wrote. */
function fakeStore({ eventStatus = 'available', startsAt = new Date('2030-02-01T00:00:00Z'), openHolds = 0 } = {}) {
  const eventId = newId();
  const otherEventId = newId();
  const seats = [1, 2, 3, 4].map((n) => seatRecord(eventId, `VIP-A-${n}`, n));
  const foreign = seatRecord(otherEventId, 'VIP-A-1', 1);
  const written = { bookings: [] as Booking[], held: [] as string[], events: [] as string[], completed: [] as string[] };
  const store: HoldStore = {
    events: {
      findForHold: async (id) => (id === eventId ? { id, name: 'Concert', status: eventStatus, startsAt, currency: 'IDR', now } : undefined),
    },
    bookings: {
      tallyForHold: async () => ({ openHoldsOnEvent: openHolds, openSeatsOfUser: 0, openSeatsOfAddressOnEvent: 0, cooldownLeftSeconds: 0 }),
      insertHold: async (booking) => {
        written.bookings.push(booking);
        written.held.push(...booking.seats.map((seat) => seat.id));
        return booking.seats.length;
      },
    },
    seats: {
      lockByIds: async (ids) => [...seats, foreign].filter((s) => ids.includes(s.id)).sort((a, b) => a.id.localeCompare(b.id)),
      lockAvailable: async (_query, limit) => seats.filter((s) => s.status === 'available').slice(0, limit),
      listAvailable: async (_query, limit) => seats.filter((s) => s.status === 'available').slice(0, limit),
      lockIfAvailable: async (ids) => seats.filter((s) => ids.includes(s.id) && s.status === 'available'),
      hasAvailable: async (_query, quantity) => seats.filter((s) => s.status === 'available').length >= quantity,
      inSavepoint: (work) => work(),
    },
    idempotencyKeys: { complete: async (claim, bookingId) => void written.completed.push(`${claim.key}:${bookingId}`) },
    outbox: { enqueue: async (type, aggregateId) => void written.events.push(`${type}:${aggregateId}`) },
  };
  return { store, eventId, seats, foreign, written };
}

function placeHoldOn(store: HoldStore, maxOpenHolds = 1, deadline = Infinity) {
  return createPlaceHold({
    inTransaction: (work) => work(store),
    availability: { plainlyUnavailable: async () => false },
    callDeadline: () => deadline,
    now: () => 1_000,
    holdTtlSeconds: 900,
    limits: { ...limits, maxOpenHoldsPerUserPerEvent: maxOpenHolds },
    pause: async () => undefined,
  });
}

const bySeats = (eventId: string, seatIds: string[]): HoldRequest => ({ kind: 'seats', eventId, seatIds, idempotencyKey: undefined });

describe('placeHold', () => {
  it('holds the named seats in layout order, totals them and records booking.created', async () => {
    const { store, eventId, seats, written } = fakeStore();
    const booking = await placeHoldOn(store)(caller, bySeats(eventId, [seats[2]!.id, seats[0]!.id]));

    expect(booking).toMatchObject({
      userId: caller.userId,
      eventId,
      status: 'PENDING',
      totalCents: 4_000,
      currency: 'IDR',
      createdAt: now,
      expiresAt: new Date('2030-01-01T10:15:00Z'),
    });
    expect(booking.seats.map((s) => s.label)).toEqual(['VIP-A-1', 'VIP-A-3']);
    expect(written.bookings).toEqual([booking]);
    expect(written.held.sort()).toEqual([seats[0]!.id, seats[2]!.id].sort());
    expect(written.events).toEqual([`booking.created:${booking.id}`]);
  });

  it('records the booking on the idempotency claim it was given', async () => {
    const { store, eventId, seats, written } = fakeStore();
    const booking = await placeHoldOn(store)(caller, bySeats(eventId, [seats[0]!.id]), { userId: caller.userId, key: 'k', requestHash: 'h' });
    expect(written.completed).toEqual([`k:${booking.id}`]);
  });

  it('answers NOT_FOUND for an unknown event', async () => {
    const { store } = fakeStore();
    await expect(placeHoldOn(store)(caller, bySeats(newId(), [newId()]))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['cancelled', { eventStatus: 'cancelled' }],
    ['completed', { eventStatus: 'completed' }],
    ['already started', { startsAt: new Date('2030-01-01T09:59:59Z') }],
    ['starting this instant', { startsAt: now }],
  ])('answers EVENT_NOT_AVAILABLE for an event %s', async (_name, options) => {
    const { store, eventId, seats, written } = fakeStore(options);
    await expect(placeHoldOn(store)(caller, bySeats(eventId, [seats[0]!.id]))).rejects.toMatchObject({ code: 'EVENT_NOT_AVAILABLE' });
    expect(written.bookings).toEqual([]);
  });

  it('answers LIMIT_EXCEEDED once the caller has the allowed number of open holds for the event', async () => {
    const { store, eventId, seats, written } = fakeStore({ openHolds: 1 });
    await expect(placeHoldOn(store, 1)(caller, bySeats(eventId, [seats[0]!.id]))).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(written.bookings).toEqual([]);
    await expect(placeHoldOn(store, 2)(caller, bySeats(eventId, [seats[0]!.id]))).resolves.toMatchObject({ status: 'PENDING' });
  });

  it('answers VALIDATION_FAILED on seat_ids for a seat of another event or an unknown seat', async () => {
    const { store, eventId, seats, foreign } = fakeStore();
    for (const ids of [
      [seats[0]!.id, foreign.id],
      [seats[0]!.id, newId()],
    ]) {
      await expect(placeHoldOn(store)(caller, bySeats(eventId, ids))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'seat_ids' }],
      });
    }
  });

  it('holds nothing when one seat is taken', async () => {
    const { store, eventId, seats, written } = fakeStore();
    seats[1]!.status = 'held';
    await expect(placeHoldOn(store)(caller, bySeats(eventId, [seats[0]!.id, seats[1]!.id]))).rejects.toMatchObject({
      code: 'SEAT_UNAVAILABLE',
    });
    expect(written).toEqual({ bookings: [], held: [], events: [], completed: [] });
  });

  it('refuses a plainly doomed request before opening a transaction', async () => {
    const { store, eventId, seats } = fakeStore();
    const opened: string[] = [];
    const refusing = createPlaceHold({
      inTransaction: (work) => (opened.push('transaction'), work(store)),
      availability: { plainlyUnavailable: async () => true },
      callDeadline: () => Infinity,
      now: () => 1_000,
      holdTtlSeconds: 900,
      limits,
      pause: async () => undefined,
    });
    await expect(refusing(caller, bySeats(eventId, [seats[0]!.id]))).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    await expect(refusing(caller, { kind: 'quantity', eventId, quantity: 2, section: undefined, idempotencyKey: undefined })).rejects.toMatchObject({
      code: 'SEAT_UNAVAILABLE',
    });
    expect(opened).toEqual([]);
  });

  it('rolls the hold back when it is ready only after its caller stopped waiting', async () => {
    const { store, eventId, seats } = fakeStore();
    let committed = false;
    const late = createPlaceHold({
      inTransaction: async (work) => {
        const result = await work(store);
        committed = true;
        return result;
      },
      availability: { plainlyUnavailable: async () => false },
      callDeadline: () => 1_000,
      now: () => 1_000,
      holdTtlSeconds: 900,
      limits,
      pause: async () => undefined,
    });
    await expect(late(caller, bySeats(eventId, [seats[0]!.id]))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(committed).toBe(false);
    // Also when the deadline is closer than the commit and the answer may take; not with more time left.
    await expect(placeHoldOn(store, 1, 1_000 + COMMIT_AND_ANSWER_MS)(caller, bySeats(eventId, [seats[1]!.id]))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(placeHoldOn(store, 1, 1_001 + COMMIT_AND_ANSWER_MS)(caller, bySeats(eventId, [seats[1]!.id]))).resolves.toMatchObject({
      status: 'PENDING',
    });
  });

  it('holds the best available seats for a quantity', async () => {
    const { store, eventId, seats } = fakeStore();
    seats[0]!.status = 'sold';
    const booking = await placeHoldOn(store)(caller, { kind: 'quantity', eventId, quantity: 2, section: undefined, idempotencyKey: undefined });
    expect(booking.seats.map((s) => s.label)).toEqual(['VIP-A-2', 'VIP-A-3']);
  });
});
