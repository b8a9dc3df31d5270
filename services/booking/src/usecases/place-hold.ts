import type { IdempotencyClaim, Principal } from '@ticres/shared';
import { newPendingBooking, type Booking } from '../domain/booking';
import { eventNotAvailable, eventNotFound, holdTooLate, notEnoughSeats, seatsNotOfEvent, seatsUnavailable } from '../domain/errors';
import { unavailabilityReason, type BookableEvent } from '../domain/event';
import { checkHoldLimits, type HoldCounting, type HoldLimits, type HoldTally } from '../domain/hold-limits';
import type { HoldRequest } from '../domain/hold-request';
import { byLayoutOrder, type SeatRecord } from '../domain/seat';
import { bookingPayload, type Outbox } from './booking-events';
import { lockBestSeats, type BestSeatLocks } from './lock-best-seats';
import type { InTransaction, Pause } from './transactional';

export interface HoldStore {
  events: {
    /**
     * The event with the database clock, once the holds of the person (on any event) and of the
     * client address (on this event) are serialised until the transaction ends, so the tally read
     * next stays true until this hold commits.
     */
    findForHold(eventId: string, counting: HoldCounting): Promise<(BookableEvent & { name: string | null; now: Date }) | undefined>;
  };
  bookings: {
    /** What the anti-hoarding rules look at, in one read. */
    tallyForHold(eventId: string, counting: HoldCounting, cooldownSeconds: number): Promise<HoldTally>;
    /** Writes the booking (with the client address it counts under) and its items and turns its seats held; returns how many seats did. */
    insertHold(booking: Booking, clientAddress: string | undefined): Promise<number>;
  };
  seats: BestSeatLocks & {
    /** Locks the seats that exist among `ids`, in id order, waiting for other holders. */
    lockByIds(ids: readonly string[]): Promise<SeatRecord[]>;
  };
  idempotencyKeys: { complete(claim: IdempotencyClaim, bookingId: string): Promise<void> };
  outbox: Outbox;
}

export interface PlaceHoldPorts {
  inTransaction: InTransaction<HoldStore>;
  /** Read outside the transaction: true when the request is plainly doomed (see seat-availability). */
  availability: { plainlyUnavailable(request: HoldRequest): Promise<boolean> };
  /** When the caller stops waiting (epoch ms; Infinity for none): a hold it will not hear of is not kept. */
  callDeadline: () => number;
  now: () => number;
  holdTtlSeconds: number;
  limits: HoldLimits;
  pause: Pause;
}

/**
 * What the commit and the answer's way back to the gateway may take on a busy machine: a hold
 * ready later than this before its caller's deadline is rolled back. Without it, the benchmark's
 * stadium holds at 200 at once (bench/results/2026-12-01.md) committed a hold whose caller had
 * already been answered 503.
 */
export const COMMIT_AND_ANSWER_MS = 250;

/** Holds the seats of a checked request; with a claim, records the booking as its key's answer. */
export type PlaceHold = (caller: Principal, request: HoldRequest, claim?: IdempotencyClaim) => Promise<Booking>;

async function lockNamedSeats(seats: HoldStore['seats'], eventId: string, ids: readonly string[]): Promise<SeatRecord[]> {
  const locked = await seats.lockByIds(ids);
  if (locked.length !== ids.length || locked.some((seat) => seat.eventId !== eventId)) throw seatsNotOfEvent();
  if (locked.some((seat) => seat.status !== 'available')) throw seatsUnavailable();
  return locked;
}

const seatsAskedFor = (request: HoldRequest): number => (request.kind === 'seats' ? request.seatIds.length : request.quantity);

/**
 * One short transaction: checks the event and the anti-hoarding rules (see checkHoldLimits), locks the seats (named
 * ones in id order; best available ones without queueing), holds all of them or none, and writes
 * the PENDING booking, its items and `booking.created` together.
 */
export function createPlaceHold(ports: PlaceHoldPorts): PlaceHold {
  const { inTransaction, availability, callDeadline, now, holdTtlSeconds, limits, pause } = ports;
  return async (caller, request, claim) => {
    // At an on-sale most requests are for seats already gone: one read refuses them, with no
    // transaction and no lock taken.
    if (await availability.plainlyUnavailable(request)) throw request.kind === 'seats' ? seatsUnavailable() : notEnoughSeats();
    return inTransaction(async ({ events, bookings, seats, idempotencyKeys, outbox }) => {
      // The address is recorded and serialised on only while its rule is on: nothing to pay for otherwise.
      const counting: HoldCounting = {
        userId: caller.userId,
        clientAddress: limits.maxHeldSeatsPerAddressPerEvent > 0 ? request.clientAddress : undefined,
      };
      const event = await events.findForHold(request.eventId, counting);
      if (!event) throw eventNotFound();
      const reason = unavailabilityReason(event, event.now);
      if (reason) throw eventNotAvailable(reason);

      checkHoldLimits(limits, await bookings.tallyForHold(event.id, counting, limits.holdCooldownSeconds), seatsAskedFor(request));

      const locked =
        request.kind === 'seats'
          ? await lockNamedSeats(seats, event.id, request.seatIds)
          : await lockBestSeats(seats, { eventId: event.id, section: request.section, quantity: request.quantity }, { pause });

      const booking = newPendingBooking({
        userId: caller.userId,
        eventId: event.id,
        // unavailabilityReason has ruled out an event without a currency.
        currency: event.currency!,
        seats: [...locked].sort(byLayoutOrder).map((seat) => ({ id: seat.id, label: seat.label, priceCents: seat.priceCents })),
        now: event.now,
        ttlSeconds: holdTtlSeconds,
      });
      // Every seat is locked by this transaction and was seen available, so all of them change.
      if ((await bookings.insertHold(booking, counting.clientAddress)) !== booking.seats.length) throw seatsUnavailable();
      // unavailabilityReason has ruled out an event without a snapshot, so it has a name and a start.
      await outbox.enqueue('booking.created', booking.id, bookingPayload(booking, { name: event.name!, startsAt: event.startsAt! }));
      if (claim) await idempotencyKeys.complete(claim, booking.id);
      // The caller will have been told the hold failed (its deadline passes before the commit and
      // the answer's way back are done): committing now would keep seats from everyone for a
      // booking nobody knows of, until it expires.
      if (now() + COMMIT_AND_ANSWER_MS >= callDeadline()) throw holdTooLate();
      return booking;
    });
  };
}
