import type { EventHandlers, PoolClient } from '@ticres/shared';
import type { BookingNotices, NotifyStore } from '../usecases/notify-booking-events';

export interface EventHandlerDeps {
  notices: BookingNotices;
  /** The repositories of the consumer's transaction: every write of a handler goes through it. */
  storeOf: (tx: PoolClient) => NotifyStore;
}

/**
 * The booking events a person hears about, for `startInboxConsumer` (which applies each once).
 * `booking.paid` is not among them: payment publishes it when money is captured, before booking
 * has confirmed; the confirmation mail goes out on `booking.confirmed`.
 */
export function createEventHandlers({ notices, storeOf }: EventHandlerDeps): EventHandlers {
  return {
    'booking.created': async (envelope, tx) => {
      await notices.created(storeOf(tx), envelope);
    },
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
