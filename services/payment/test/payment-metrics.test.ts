import { newId } from '@ticres/shared';
import { scrapeMetrics } from '@ticres/shared/testing';
import { eventually, failure, startPaymentStack, type PaymentStack } from './support/payment-stack';

describe('payment metrics', () => {
  let stack: PaymentStack;
  const alice = () => ({ token: stack.tokens.alice });
  const scrape = () => scrapeMetrics(stack.metricsUrl);

  beforeAll(async () => {
    // Refunds keep failing without ever being given up, so one stays PENDING for as long as the test needs.
    stack = await startPaymentStack({ REFUND_MAX_ATTEMPTS: '1000' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts payments by outcome and times Pay per status code', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    await stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, alice());
    expect((await failure(stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, alice()))).code).toBe('ALREADY_PAID');

    const metrics = await scrape();
    expect(metrics.value('ticres_payments_total', { outcome: 'succeeded' })).toBe(1);
    expect(metrics.value('ticres_payments_total', { outcome: 'already_paid' })).toBe(1);
    const pay = { grpc_service: 'ticres.payment.v1.PaymentService', grpc_method: 'Pay' };
    expect(metrics.value('ticres_grpc_server_handled_total', { ...pay, grpc_code: 'OK' })).toBe(1);
    expect(metrics.value('ticres_grpc_server_handled_total', pay)).toBe(2);
    expect(metrics.value('ticres_grpc_server_handling_seconds_count', pay)).toBe(2);
  });

  it('reports refunds pending with the age of the oldest, and none once the runner completed them', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    const transaction = await stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, alice());
    stack.provider.failNextRefunds = Number.MAX_SAFE_INTEGER;
    await stack.deliver({
      id: newId(),
      type: 'booking.payment_rejected',
      version: 1,
      occurred_at: new Date().toISOString(),
      aggregate_id: booking.id,
      data: { booking_id: booking.id, user_id: booking.userId, event_id: booking.eventId, transaction_id: transaction.id, reason: 'expired' },
    });
    // As if the provider had been down for five minutes.
    await stack.pool.query(`UPDATE refunds SET created_at = now() - interval '300 seconds' WHERE transaction_id = $1`, [transaction.id]);

    const stuck = await scrape();
    expect(stuck.value('ticres_refunds_pending')).toBe(1);
    expect(stuck.value('ticres_refunds_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(300);
    expect(stuck.value('ticres_refunds_failed')).toBe(0);

    stack.provider.failNextRefunds = 0;
    const settled = await eventually(scrape, (metrics) => metrics.value('ticres_refunds_pending') === 0);
    expect(settled.value('ticres_refunds_oldest_pending_age_seconds')).toBe(0);
  });
});
