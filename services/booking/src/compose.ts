import {
  afterCommit,
  createIdempotencyKeyRepository,
  createPurgeIdempotencyKeys,
  currentCallDeadline,
  withTransaction,
  type EventHandlers,
  type Logger,
  MetricsRegistry,
  type Pool,
  type PoolClient,
  type PurgeIdempotencyKeys,
  type Queryable,
} from '@ticres/shared';
import type { BookingConfig } from './config';
import { createBookingPaymentRepository } from './db/booking-payment.repository';
import { createBookingRepository } from './db/booking.repository';
import { createEventRepository } from './db/event.repository';
import { createOutbox } from './db/outbox';
import { retryOnConflict } from './db/retry-on-conflict';
import { createSeatAvailability } from './db/seat-availability';
import { createSeatMapRepository } from './db/seat-map.repository';
import { createSeatRepository } from './db/seat.repository';
import { createSectionRepository } from './db/section.repository';
import { createEventHandlers } from './messaging/event-handlers';
import { countingExpiries, countingHolds, createHoldMetrics } from './metrics/hold-metrics';
import { createApplyEventSnapshot } from './usecases/apply-event-snapshot';
import { createCancelBooking, type CancelBooking } from './usecases/cancel-booking';
import { createCancelEventBookings } from './usecases/cancel-event-bookings';
import { createClaimForPayment, type ClaimForPayment } from './usecases/claim-for-payment';
import { createConfirmPayment } from './usecases/confirm-payment';
import { createExpireOverdueHolds, type ExpireOverdueHolds } from './usecases/expire-overdue-holds';
import { createGetBooking, type GetBooking } from './usecases/get-booking';
import { createGetEventAvailability, type GetEventAvailability } from './usecases/get-event-availability';
import { createGetEventSeats, type GetEventSeats } from './usecases/get-event-seats';
import { createHoldSeats, type HoldSeats } from './usecases/hold-seats';
import { createListBookings, type ListBookings } from './usecases/list-bookings';
import { createListMyBookings, type ListMyBookings } from './usecases/list-my-bookings';
import { createPlaceHold } from './usecases/place-hold';
import { createRefundBooking } from './usecases/refund-booking';
import { createReleasePaymentClaim, type ReleasePaymentClaim } from './usecases/release-payment-claim';
import { pause as sleep, type InTransaction, type Pause } from './usecases/transactional';

/** Everything the gRPC edge, the consumer and the sweeper need, built on one pool. */
export interface BookingComponents {
  holdSeats: HoldSeats;
  getBooking: GetBooking;
  cancelBooking: CancelBooking;
  listMyBookings: ListMyBookings;
  listBookings: ListBookings;
  getEventSeats: GetEventSeats;
  getEventAvailability: GetEventAvailability;
  claimForPayment: ClaimForPayment;
  releasePaymentClaim: ReleasePaymentClaim;
  expireOverdueHolds: ExpireOverdueHolds;
  purgeIdempotencyKeys: PurgeIdempotencyKeys;
  /** For `startInboxConsumer`: event.created, event.updated, event.cancelled, booking.paid, booking.refunded. */
  eventHandlers: EventHandlers;
}

export interface ComposeOptions {
  logger: Logger;
  /** How a best-available hold waits between rounds; tests observe it. */
  pause?: Pause;
  /** Where the hold counters are registered; by default a registry nobody reads. */
  metrics?: MetricsRegistry;
}

export type BookingSettings = Pick<
  BookingConfig,
  | 'HOLD_TTL_SECONDS'
  | 'MAX_OPEN_HOLDS_PER_USER_PER_EVENT'
  | 'MAX_OPEN_HELD_SEATS_PER_USER'
  | 'MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT'
  | 'HOLD_COOLDOWN_SECONDS'
  | 'SWEEP_BATCH_SIZE'
  | 'IDEMPOTENCY_TTL_SECONDS'
  | 'CLAIM_TTL_SECONDS'
  | 'AVAILABILITY_CACHE_MS'
  | 'EVENT_DETAIL_MAX_SEATS'
>;

/** Every repository over one connection (or the pool): a use case's store is a part of it. */
export function storeOf(db: Queryable) {
  return {
    events: createEventRepository(db),
    seats: createSeatRepository(db),
    sections: createSectionRepository(db),
    bookings: createBookingRepository(db),
    bookingPayments: createBookingPaymentRepository(db),
    idempotencyKeys: createIdempotencyKeyRepository(db, 'booking_id'),
    outbox: createOutbox(db),
  };
}

export type BookingStore = ReturnType<typeof storeOf>;

/** A transaction over the whole store, run again from the start after a deadlock or serialization failure. */
function transactional(pool: Pool): InTransaction<BookingStore> {
  return (work) => retryOnConflict(() => withTransaction(pool, (client: PoolClient) => work(storeOf(client))));
}

/** Wires repositories -> use cases by hand; starts nothing. */
export function composeBooking(
  pool: Pool,
  settings: BookingSettings,
  { logger, pause = sleep, metrics = new MetricsRegistry() }: ComposeOptions,
): BookingComponents {
  const inTransaction = transactional(pool);
  const outsideTransaction = storeOf(pool);
  const holds = createHoldMetrics(metrics);

  return {
    holdSeats: createHoldSeats({
      placeHold: countingHolds(
        createPlaceHold({
          inTransaction,
          availability: createSeatAvailability(pool),
          callDeadline: currentCallDeadline,
          now: Date.now,
          holdTtlSeconds: settings.HOLD_TTL_SECONDS,
          limits: {
            maxOpenHoldsPerUserPerEvent: settings.MAX_OPEN_HOLDS_PER_USER_PER_EVENT,
            maxOpenHeldSeatsPerUser: settings.MAX_OPEN_HELD_SEATS_PER_USER,
            maxHeldSeatsPerAddressPerEvent: settings.MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT,
            holdCooldownSeconds: settings.HOLD_COOLDOWN_SECONDS,
          },
          pause,
        }),
        holds,
      ),
      idempotencyKeys: outsideTransaction.idempotencyKeys,
      bookings: outsideTransaction.bookings,
      idempotencyTtlSeconds: settings.IDEMPOTENCY_TTL_SECONDS,
    }),
    getBooking: createGetBooking({ bookings: outsideTransaction.bookings }),
    cancelBooking: createCancelBooking({ inTransaction }),
    listMyBookings: createListMyBookings({ bookings: outsideTransaction.bookings }),
    listBookings: createListBookings({ bookings: outsideTransaction.bookings }),
    getEventSeats: createGetEventSeats({
      events: outsideTransaction.events,
      seats: outsideTransaction.seats,
      maxListedSeats: settings.EVENT_DETAIL_MAX_SEATS,
    }),
    getEventAvailability: createGetEventAvailability({ seatMaps: createSeatMapRepository(pool), cacheMs: settings.AVAILABILITY_CACHE_MS }),
    claimForPayment: createClaimForPayment({ bookingPayments: outsideTransaction.bookingPayments, claimTtlSeconds: settings.CLAIM_TTL_SECONDS }),
    releasePaymentClaim: createReleasePaymentClaim({ bookingPayments: outsideTransaction.bookingPayments, bookings: outsideTransaction.bookings }),
    expireOverdueHolds: countingExpiries(createExpireOverdueHolds({ inTransaction, batchSize: settings.SWEEP_BATCH_SIZE }), holds),
    purgeIdempotencyKeys: createPurgeIdempotencyKeys({
      idempotencyKeys: outsideTransaction.idempotencyKeys,
      ttlSeconds: settings.IDEMPOTENCY_TTL_SECONDS,
      batchSize: settings.SWEEP_BATCH_SIZE,
    }),
    eventHandlers: createEventHandlers({
      applyEventSnapshot: createApplyEventSnapshot(),
      cancelEventBookings: createCancelEventBookings(),
      confirmPayment: createConfirmPayment(),
      refundBooking: createRefundBooking(),
      storeOf,
      onConfirmed: (tx) => afterCommit(tx, () => holds.confirmed.inc()),
      logger,
    }),
  };
}
