import type { EventHandlers, Logger, Queryable } from '@ticres/shared';
import type { ContactDirectory } from './contacts/contact-directory';
import { createBookingRepository } from './db/booking.repository';
import { createSentNotificationRepository } from './db/sent-notification.repository';
import type { Mailer } from './mail/smtp-mailer';
import { createEventHandlers } from './messaging/event-handlers';
import { createBookingNotices } from './usecases/notify-booking-events';
import { createSendNotification } from './usecases/send-notification';

/** Every repository over one connection: the consumer's transaction. */
export function storeOf(db: Queryable) {
  return {
    bookings: createBookingRepository(db),
    sentNotifications: createSentNotificationRepository(db),
  };
}

export interface NotifierParts {
  contacts: ContactDirectory;
  mailer: Mailer;
  logger: Logger;
  /** IANA zone the times in a mail are written in. */
  timeZone: string;
}

/** Wires repositories -> use cases -> handlers by hand; starts nothing. */
export function composeNotifier({ contacts, mailer, logger, timeZone }: NotifierParts): { eventHandlers: EventHandlers } {
  const send = createSendNotification({ contacts, mailer, timeZone, logger });
  return { eventHandlers: createEventHandlers({ notices: createBookingNotices(send), storeOf }) };
}
