import { formatMoney } from '../money';
import type { BookingSummary, Email, RenderContext } from '../notification';
import { bookingFacts } from './booking-facts';
import { renderEmail } from './layout';

export interface Refund {
  amountCents: number;
  currency: string;
  /** Payment's reason: `event_cancelled`, or why the booking could not be confirmed. */
  reason: string;
}

function introFor(booking: BookingSummary, reason: string): string {
  if (reason === 'event_cancelled') return `${booking.eventName} has been cancelled, so we have refunded your booking.`;
  if (['expired', 'cancelled', 'payment_rejected'].includes(reason)) {
    return 'Your payment arrived after the booking could no longer be confirmed (its hold had expired or it was cancelled), so we have refunded it.';
  }
  return 'Your booking has been refunded.';
}

/** booking.refunded: the money is on its way back; the tickets are void. */
export function bookingRefundedEmail(booking: BookingSummary, refund: Refund, context: RenderContext): Email {
  const amount = formatMoney(refund.amountCents, refund.currency);
  return renderEmail(
    {
      subject: `Your refund of ${amount} for ${booking.eventName}`,
      intro: introFor(booking, refund.reason),
      facts: [...bookingFacts(booking, context.timeZone, 'Paid'), ['Refund', amount]],
      next: [
        `The refund of ${amount} is on its way to the payment method you paid with. Depending on your bank it can take a few business days to show.`,
        'The tickets of this booking are no longer valid.',
      ],
    },
    context,
  );
}
