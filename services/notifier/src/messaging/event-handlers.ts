import type { EventHandlers, PoolClient } from '@ticres/shared';
import type { BookingNotices, NotifyStore } from '../usecases/notify-booking-events';

export interface EventHandlerDeps {
  notices: BookingNotices;
  /** The repositories of the consumer's transaction: every write of a handler goes through it. */
  storeOf: (tx: PoolClient) => NotifyStore;
}

/**
 * The booking events the notifier consumes, for `startInboxConsumer` (which applies each once).
 * `booking.created` is not consumed: a hold is answered to the person who made it, mail starts
 * with what changes tickets or money, and every booking refunded has had another booking event
 * first (README, "Decisions"). `booking.paid` is not consumed: payment publishes it when money is
 * captured, before booking has confirmed; the confirmation mail goes out on `booking.confirmed`.
 */
export function createEventHandlers({ notices, storeOf }: EventHandlerDeps): EventHandlers {
  return {
    'booking.confirmed': async (envelope, tx) => {
      await notices.confirmed(storeOf(tx), envelope);
    },
    'booking.expired': async (envelope, tx) => {
      await notices.expired(storeOf(tx), envelope);
    },
    'booking.cancelled': async (envelope, tx) => {
      await notices.cancelled(storeOf(tx), envelope);
    },
    'booking.refunded': async (envelope, tx) => {
      await notices.refunded(storeOf(tx), envelope);
    },
  };
}

/** Consumed by earlier versions (to record each hold): its binding is removed at start. */
export const RETIRED_EVENT_TYPES = ['booking.created'] as const;
