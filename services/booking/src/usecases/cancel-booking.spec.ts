import { newId, type Principal } from '@ticres/shared';
import type { Booking, BookingStatus } from '../domain/booking';
import { createCancelBooking, type BookingState, type CancelBookingStore } from './cancel-booking';
import { createGetBooking } from './get-booking';

const now = new Date('2030-01-01T12:00:00Z');
const owner: Principal = { userId: newId(), role: 'customer' };
const stranger: Principal = { userId: newId(), role: 'customer' };
const admin: Principal = { userId: newId(), role: 'admin' };

function booking(status: BookingStatus, expiresAt = new Date('2030-01-01T12:10:00Z')): Booking {
  return {
    id: newId(),
    userId: owner.userId,
    eventId: newId(),
    status,
    seats: [],
    totalCents: 0,
    currency: 'IDR',
    expiresAt,
    createdAt: now,
    updatedAt: now,
  };
}

/** One booking; `cancelPending` applies the same conditions as the SQL. */
function fakeStore(stored: Booking) {
  const effects: string[] = [];
  const store: CancelBookingStore = {
    events: { summariesOf: async (ids) => new Map(ids.map((id) => [id, { name: 'Concert', startsAt: now }])) },
    bookings: {
      cancelPending: async (id, userId) =>
        id === stored.id && userId === stored.userId && stored.status === 'PENDING' && stored.expiresAt > now
          ? { ...stored, status: 'CANCELLED' }
          : undefined,
      findState: async (id): Promise<BookingState | undefined> =>
        id === stored.id ? { userId: stored.userId, status: stored.status, expiresAt: stored.expiresAt, now } : undefined,
      deactivateItems: async (ids) => void effects.push(`deactivate:${ids.join()}`),
    },
    seats: {
      releaseHeld: async (ids) => {
        effects.push(`release:${ids.join()}`);
        return 0;
      },
    },
    outbox: { enqueue: async (type, _id, data) => void effects.push(`${type}:${(data as { reason?: string }).reason}`) },
  };
  return { store, effects };
}

const cancelIn = (store: CancelBookingStore) => createCancelBooking({ inTransaction: (work) => work(store) });

describe('cancelBooking', () => {
  it('cancels the owner’s pending booking, releases its seats and records booking.cancelled for the customer', async () => {
    const pending = booking('PENDING');
    const { store, effects } = fakeStore(pending);
    await expect(cancelIn(store)(owner, pending.id)).resolves.toMatchObject({ id: pending.id, status: 'CANCELLED' });
    expect(effects).toEqual([`deactivate:${pending.id}`, `release:${pending.id}`, 'booking.cancelled:customer']);
  });

  it('answers NOT_FOUND for someone else’s booking, admins included, and for an unknown one', async () => {
    const pending = booking('PENDING');
    const { store, effects } = fakeStore(pending);
    await expect(cancelIn(store)(stranger, pending.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelIn(store)(admin, pending.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelIn(store)(owner, newId())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(effects).toEqual([]);
  });

  it('answers BOOKING_EXPIRED for an expired booking and for a pending one past its deadline', async () => {
    for (const lapsed of [booking('EXPIRED'), booking('PENDING', now)]) {
      await expect(cancelIn(fakeStore(lapsed).store)(owner, lapsed.id)).rejects.toMatchObject({ code: 'BOOKING_EXPIRED' });
    }
  });

  it('answers CONFLICT for a paid, cancelled or refunded booking', async () => {
    for (const status of ['PAID', 'CANCELLED', 'REFUNDED'] as const) {
      const done = booking(status);
      await expect(cancelIn(fakeStore(done).store)(owner, done.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    }
  });

  it('answers VALIDATION_FAILED for a malformed id', async () => {
    await expect(cancelIn(fakeStore(booking('PENDING')).store)(owner, 'b-1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('getBooking', () => {
  const stored = booking('PENDING');
  const getBooking = createGetBooking({ bookings: { findById: async (id) => (id === stored.id ? stored : undefined) } });

  it('shows the booking to its owner and to an admin', async () => {
    await expect(getBooking(owner, stored.id)).resolves.toBe(stored);
    await expect(getBooking(admin, stored.id.toUpperCase())).resolves.toBe(stored);
  });

  it('hides it from anyone else as NOT_FOUND', async () => {
    await expect(getBooking(stranger, stored.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
