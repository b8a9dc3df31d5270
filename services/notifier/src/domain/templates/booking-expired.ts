import type { BookingSummary, Email, RenderContext } from '../notification';
import { bookingFacts } from './booking-facts';
import { renderEmail } from './layout';

/** booking.expired: the hold ran out before payment. */
export function bookingExpiredEmail(booking: BookingSummary, context: RenderContext): Email {
  return renderEmail(
    {
      subject: `Your hold for ${booking.eventName} has expired`,
      intro: 'The time to pay for your booking ran out, so the hold has expired.',
      facts: bookingFacts(booking, context.timeZone),
      next: [
        'The seats have been released to other buyers, and you have not been charged. If a payment went through at the last moment, it is refunded automatically.',
        'If you still want to go, make a new booking while seats are available.',
      ],
    },
    context,
  );
}
