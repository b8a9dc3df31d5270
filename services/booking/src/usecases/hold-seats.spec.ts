import { AppError, newId, type Principal, type StoredIdempotencyKey } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import type { HoldSeatsInput } from '../domain/hold-request';
import { createHoldSeats, type HoldSeatsPorts } from './hold-seats';
import type { PlaceHold } from './place-hold';

const caller: Principal = { userId: newId(), role: 'customer' };
const eventId = newId();
const input = (overrides: Partial<HoldSeatsInput> = {}): HoldSeatsInput => ({
  eventId,
  seatIds: [],
  quantity: 2,
  section: '',
  idempotencyKey: 'key-1',
  ...overrides,
});

const bookingFor = (userId: string): Booking => {
  const at = new Date('2030-01-01T00:00:00Z');
  return { id: newId(), userId, eventId, status: 'PENDING', seats: [], totalCents: 0, currency: 'IDR', expiresAt: at, createdAt: at, updatedAt: at };
};

/** Keys as a map; `claim` succeeds only for a key nobody holds (expiry is the repository's business). */
function fakePorts(placeHold: PlaceHold) {
  const keys = new Map<string, StoredIdempotencyKey>();
  const bookings = new Map<string, Booking>();
  const id = (userId: string, key: string) => `${userId}/${key}`;
  const ports: HoldSeatsPorts = {
    placeHold: async (who, request, claim) => {
      const booking = await placeHold(who, request, claim);
      bookings.set(booking.id, booking);
      if (claim) keys.set(id(claim.userId, claim.key), { requestHash: claim.requestHash, state: 'completed', resultId: booking.id });
      return booking;
    },
    idempotencyKeys: {
      claim: async (claim) => {
        if (keys.has(id(claim.userId, claim.key))) return false;
        keys.set(id(claim.userId, claim.key), { requestHash: claim.requestHash, state: 'in_progress', resultId: null });
        return true;
      },
      find: async (userId, key) => keys.get(id(userId, key)),
      release: async (claim) => void keys.delete(id(claim.userId, claim.key)),
    },
    bookings: { findById: async (bookingId) => bookings.get(bookingId) },
    idempotencyTtlSeconds: 86_400,
  };
  return { ports, keys };
}

describe('holdSeats with an Idempotency-Key', () => {
  it('replays the first booking for the same key and request, holding nothing more', async () => {
    const placeHold = jest.fn<ReturnType<PlaceHold>, Parameters<PlaceHold>>(async (who) => bookingFor(who.userId));
    const holdSeats = createHoldSeats(fakePorts(placeHold).ports);

    const first = await holdSeats(caller, input());
    await expect(holdSeats(caller, input())).resolves.toEqual(first);
    expect(placeHold).toHaveBeenCalledTimes(1);
  });

  it('refuses the same key with another request', async () => {
    const holdSeats = createHoldSeats(fakePorts(async (who) => bookingFor(who.userId)).ports);
    await holdSeats(caller, input());
    await expect(holdSeats(caller, input({ quantity: 3 }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('scopes keys to the caller', async () => {
    const placeHold = jest.fn<ReturnType<PlaceHold>, Parameters<PlaceHold>>(async (who) => bookingFor(who.userId));
    const holdSeats = createHoldSeats(fakePorts(placeHold).ports);
    const mine = await holdSeats(caller, input());
    const theirs = await holdSeats({ userId: newId(), role: 'customer' }, input());
    expect(theirs.id).not.toBe(mine.id);
    expect(placeHold).toHaveBeenCalledTimes(2);
  });

  it('answers IDEMPOTENCY_IN_PROGRESS while the first request with the key is running', async () => {
    let finish!: () => void;
    const holding = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const holdSeats = createHoldSeats(
      fakePorts(async (who) => {
        await holding;
        return bookingFor(who.userId);
      }).ports,
    );
    const first = holdSeats(caller, input());
    await expect(holdSeats(caller, input())).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    finish();
    await expect(first).resolves.toMatchObject({ userId: caller.userId });
  });

  it('releases the key when the hold fails, so the client can retry with it', async () => {
    let fail = true;
    const { ports, keys } = fakePorts(async (who) => {
      if (fail) throw new AppError('SEAT_UNAVAILABLE', 'taken');
      return bookingFor(who.userId);
    });
    const holdSeats = createHoldSeats(ports);
    await expect(holdSeats(caller, input())).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    expect(keys.size).toBe(0);
    fail = false;
    await expect(holdSeats(caller, input())).resolves.toMatchObject({ status: 'PENDING' });
  });

  it('checks the request before touching the key, and goes straight to the hold without one', async () => {
    const placeHold = jest.fn<ReturnType<PlaceHold>, Parameters<PlaceHold>>(async (who) => bookingFor(who.userId));
    const { ports, keys } = fakePorts(placeHold);
    const holdSeats = createHoldSeats(ports);
    await expect(holdSeats(caller, input({ quantity: 11 }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(keys.size).toBe(0);
    await holdSeats(caller, input({ idempotencyKey: '' }));
    await holdSeats(caller, input({ idempotencyKey: '' }));
    expect(placeHold).toHaveBeenCalledTimes(2);
    expect(placeHold.mock.calls[0]![2]).toBeUndefined();
  });
});
