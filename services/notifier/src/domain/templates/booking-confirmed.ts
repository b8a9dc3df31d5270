import type { BookingSummary, Email, RenderContext } from '../notification';
import { bookingFacts } from './booking-facts';
import { renderEmail } from './layout';

/** booking.confirmed: paid; these are the tickets. */
export function bookingConfirmedEmail(booking: BookingSummary, context: RenderContext): Email {
  return renderEmail(
    {
      subject: `Your tickets for ${booking.eventName}`,
      intro: 'Your payment is received and your booking is confirmed.',
      facts: bookingFacts(booking, context.timeZone, 'Paid'),
      next: [
        `Your tickets are the seats above (${booking.seatLabels.join(', ')}), under booking ${booking.bookingId}. Show this email or the booking in your account at the entrance.`,
        'Enjoy the event!',
      ],
    },
    context,
  );
}
