import type { BookingSummary, Email, RenderContext } from '../notification';
import { bookingCancelledEmail } from './booking-cancelled';
import { bookingConfirmedEmail } from './booking-confirmed';
import { bookingExpiredEmail } from './booking-expired';
import { bookingRefundedEmail } from './booking-refunded';
import { escapeHtml } from './layout';

const booking = (eventName = 'Jazz on the Lawn'): BookingSummary => ({
  bookingId: '0190a0a0-0000-7000-8000-0000000000b1',
  userId: '0190a0a0-0000-7000-8000-0000000000a1',
  eventId: '0190a0a0-0000-7000-8000-0000000000e1',
  eventName,
  eventStartsAt: new Date('2031-03-01T12:00:00Z'),
  seatLabels: ['VIP-A-1', 'VIP-A-2'],
  totalCents: 150_000_000,
  currency: 'IDR',
});
const context: RenderContext = { recipientName: 'Rosa', timeZone: 'Asia/Jakarta' };
const refund = { amountCents: 150_000_000, currency: 'IDR', reason: 'event_cancelled' };

/** Each template with what its mail must say: subject words and the next step. */
const templates: [name: string, render: (b: BookingSummary) => Email, subject: RegExp, nextStep: RegExp][] = [
  ['booking.confirmed', (b) => bookingConfirmedEmail(b, context), /^Your tickets for/, /Your tickets are the seats above/],
  ['booking.expired', (b) => bookingExpiredEmail(b, context), /hold for .* has expired/, /seats have been released/],
  ['booking.cancelled (customer)', (b) => bookingCancelledEmail(b, 'customer', context), /is cancelled$/, /seats have been released/],
  [
    'booking.cancelled (event_cancelled)',
    (b) => bookingCancelledEmail(b, 'event_cancelled', context),
    /has been cancelled$/,
    /If you had already paid .* refunded/,
  ],
  [
    'booking.refunded',
    (b) => bookingRefundedEmail(b, refund, context),
    /^Your refund of IDR 1,500,000.00 for/,
    /refund of IDR 1,500,000.00 is on its way/,
  ],
];

describe.each(templates)('the %s mail', (_name, render, subject, nextStep) => {
  const email = render(booking());

  it('names the event in the subject, with what it is about', () => {
    expect(email.subject).toContain('Jazz on the Lawn');
    expect(email.subject).toMatch(subject);
  });

  it.each(['text', 'html'] as const)('has the event, its start, the seats, the amount and the next step in its %s part', (part) => {
    const body = email[part];
    expect(body).toContain('Hi Rosa,');
    expect(body).toContain('Jazz on the Lawn');
    expect(body).toContain('Sat, 1 Mar 2031, 19:00 GMT+7');
    expect(body).toContain('VIP-A-1, VIP-A-2');
    expect(body).toContain('IDR 1,500,000.00');
    expect(body).toContain('0190a0a0-0000-7000-8000-0000000000b1');
    expect(body).toMatch(nextStep);
  });

  it('escapes an event name in the HTML part and keeps it verbatim in the text part', () => {
    const hostile = render(booking('<script>alert("x")</script> & Co'));
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(hostile.text).toContain('<script>alert("x")</script> & Co');
  });

  it('keeps a name with a line break on one subject line', () => {
    expect(render(booking('Line\r\nBcc: victim@example.com')).subject).not.toMatch(/[\r\n]/);
  });
});

describe('the cancellation mail', () => {
  it('tells, for a cancelled event, that the event is off and a payment is refunded', () => {
    const { text } = bookingCancelledEmail(booking(), 'event_cancelled', context);
    expect(text).toContain('Jazz on the Lawn has been cancelled by the organizer');
    expect(text).toContain('If you had already paid for this booking, the full amount is refunded automatically');
  });

  it('promises no refund to a customer who cancelled an unpaid hold', () => {
    expect(bookingCancelledEmail(booking(), 'customer', context).text).not.toMatch(/refund/i);
  });
});

describe('the refund mail', () => {
  it('gives the reason: the cancelled event, or a payment that came too late', () => {
    expect(bookingRefundedEmail(booking(), refund, context).text).toContain('Jazz on the Lawn has been cancelled, so we have refunded');
    expect(bookingRefundedEmail(booking(), { ...refund, reason: 'expired' }, context).text).toContain('could no longer be confirmed');
  });

  it('shows the refunded amount in its own currency format', () => {
    const email = bookingRefundedEmail(booking(), { amountCents: 1_200, currency: 'JPY', reason: 'event_cancelled' }, context);
    expect(email.text).toMatch(/Refund:\s+JPY 1,200\n/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
