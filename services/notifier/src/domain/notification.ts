/** The booking events a person hears about; each is also the `type` of its sent_notifications row. */
export const NOTIFIED_EVENT_TYPES = ['booking.confirmed', 'booking.expired', 'booking.cancelled', 'booking.refunded'] as const;

export type NotificationType = (typeof NOTIFIED_EVENT_TYPES)[number];

/** Whom a mail goes to, as auth's GetContact tells. */
export interface Contact {
  userId: string;
  name: string;
  email: string;
}

/** What the notifier keeps of a booking (from its booking.* events) to write about it later. */
export interface BookingSummary {
  bookingId: string;
  userId: string;
  eventId: string;
  eventName: string;
  eventStartsAt: Date;
  seatLabels: string[];
  totalCents: number;
  currency: string;
}

/** A rendered mail: the same content as plain text and as HTML. */
export interface Email {
  subject: string;
  text: string;
  html: string;
}

/** What every template needs besides its event: the reader, and the zone times are shown in. */
export interface RenderContext {
  recipientName: string;
  timeZone: string;
}
