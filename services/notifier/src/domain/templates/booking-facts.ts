import { formatMoney } from '../money';
import type { BookingSummary } from '../notification';
import { formatDateTime } from './layout';

/** The rows every booking mail shows: which event, when, which seats, how much, which booking. */
export function bookingFacts(booking: BookingSummary, timeZone: string, amountLabel = 'Total'): [string, string][] {
  return [
    ['Event', booking.eventName],
    ['Starts', formatDateTime(booking.eventStartsAt, timeZone)],
    ['Seats', booking.seatLabels.join(', ')],
    [amountLabel, formatMoney(booking.totalCents, booking.currency)],
    ['Booking', booking.bookingId],
  ];
}
