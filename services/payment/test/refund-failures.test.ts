import { newId } from '@ticres/shared';
import { eventually, failure, outboxOf, startPaymentStack, transactionsOf, type PaymentStack } from './support/payment-stack';

const MAX_ATTEMPTS = 3;

describe('refunds that keep failing', () => {
  let stack: PaymentStack;
  const as = (user: 'alice' | 'boss') => ({ token: stack.tokens[user] });

  beforeAll(async () => {
    stack = await startPaymentStack({ REFUND_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const refundOf = async (transactionId: string) =>
    (await stack.pool.query(/* sql */ `SELECT id, status, attempts, last_error FROM refunds WHERE transaction_id = $1`, [transactionId])).rows[0];

  it('end FAILED after REFUND_MAX_ATTEMPTS, are listed for an admin, and complete when an admin retries them', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    const transaction = await stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, as('alice'));
    stack.provider.failNextRefunds = Number.MAX_SAFE_INTEGER;
    await stack.deliver({
      id: newId(),
      type: 'booking.payment_rejected',
      version: 1,
      occurred_at: new Date().toISOString(),
      aggregate_id: booking.id,
      data: { booking_id: booking.id, user_id: booking.userId, event_id: booking.eventId, transaction_id: transaction.id, reason: 'expired' },
    });

    const failed = await eventually(
      () => refundOf(transaction.id),
      (refund) => refund?.status === 'FAILED',
    );
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, last_error: 'provider unavailable' });
    // The runner leaves a FAILED refund alone: exactly the allowed attempts reached the provider.
    expect(stack.provider.refunds.filter((call) => call.chargeExternalId === transaction.external_id)).toHaveLength(MAX_ATTEMPTS);

    const listed = await stack.client.call.ListRefunds({ status: 'FAILED' }, as('boss'));
    expect(listed).toMatchObject({ total: 1, page: 1, limit: 20 });
    expect(listed.refunds).toEqual([
      expect.objectContaining({
        id: failed.id,
        transaction_id: transaction.id,
        status: 'FAILED',
        attempts: MAX_ATTEMPTS,
        last_error: 'provider unavailable',
      }),
    ]);
    expect((await stack.client.call.ListRefunds({ status: 'COMPLETED' }, as('boss'))).total).toBe(0);

    stack.provider.failNextRefunds = 0;
    const retried = await stack.client.call.RetryRefund({ id: failed.id }, as('boss'));
    expect(retried).toMatchObject({ id: failed.id, status: 'COMPLETED', attempts: 0 });
    expect((await transactionsOf(stack.pool, booking.id)).map((t) => t.status)).toEqual(['REFUNDED']);
    expect(await outboxOf(stack.pool, 'booking.refunded', booking.id)).toHaveLength(1);
    expect(stack.provider.ledger().find((entry) => entry.externalId === transaction.external_id)?.refundedBy).toBeDefined();

    expect((await failure(stack.client.call.RetryRefund({ id: failed.id }, as('boss')))).code).toBe('CONFLICT');
    expect((await stack.client.call.ListRefunds({ status: 'FAILED' }, as('boss'))).total).toBe(0);
  });

  it('are for admins only, and refuse bad input with 4xx codes', async () => {
    expect((await failure(stack.client.call.ListRefunds({ status: 'FAILED' }, as('alice')))).code).toBe('FORBIDDEN');
    expect((await failure(stack.client.call.RetryRefund({ id: newId() }, as('alice')))).code).toBe('FORBIDDEN');
    expect((await failure(stack.client.call.RetryRefund({ id: newId() }, as('boss')))).code).toBe('NOT_FOUND');
    expect((await failure(stack.client.call.RetryRefund({ id: 'nope' }, as('boss')))).fields).toEqual([expect.objectContaining({ field: 'id' })]);
    expect((await failure(stack.client.call.ListRefunds({ status: 'LOST' }, as('boss')))).fields).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});
