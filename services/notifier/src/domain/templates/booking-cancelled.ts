import type { BookingSummary, Email, RenderContext } from '../notification';
import { bookingFacts } from './booking-facts';
import { renderEmail } from './layout';

/** Why booking cancelled: the customer asked, or the event itself was cancelled. */
export type CancellationReason = 'customer' | 'event_cancelled';

/** booking.cancelled: by the customer, or because the event was cancelled (then any payment is refunded). */
export function bookingCancelledEmail(booking: BookingSummary, reason: CancellationReason, context: RenderContext): Email {
  const facts = bookingFacts(booking, context.timeZone);
  if (reason === 'event_cancelled') {
    return renderEmail(
      {
        subject: `${booking.eventName} has been cancelled`,
        intro: `We are sorry: ${booking.eventName} has been cancelled by the organizer, so your booking is cancelled too.`,
        facts,
        next: [
          'Your seats are released. If you had already paid for this booking, the full amount is refunded automatically, and we will email you when the refund is on its way.',
        ],
      },
      context,
    );
  }
  return renderEmail(
    {
      subject: `Your booking for ${booking.eventName} is cancelled`,
      intro: 'Your booking has been cancelled, as you asked.',
      facts,
      next: ['The seats have been released to other buyers and you have not been charged. You are welcome to book again while seats are available.'],
    },
    context,
  );
}
