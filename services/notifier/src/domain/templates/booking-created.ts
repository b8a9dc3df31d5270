import type { BookingSummary, Email, RenderContext } from '../notification';
import { bookingFacts } from './booking-facts';
import { formatDateTime, renderEmail } from './layout';

/** booking.created: the seats are held; pay before the hold expires. */
export function bookingCreatedEmail(booking: BookingSummary, expiresAt: Date, context: RenderContext): Email {
  const deadline = formatDateTime(expiresAt, context.timeZone);
  return renderEmail(
    {
      subject: `Your seats for ${booking.eventName} are on hold until ${deadline}`,
      intro: `We are holding ${booking.seatLabels.length === 1 ? 'this seat' : 'these seats'} for you.`,
      facts: [...bookingFacts(booking, context.timeZone), ['Pay before', deadline]],
      next: [
        `Pay before ${deadline} to make the seats yours. You will get your tickets by email as soon as the payment is confirmed.`,
        'If you do not pay in time, the hold expires and the seats are released to other buyers.',
      ],
    },
    context,
  );
}
