import { newId } from '@ticres/shared';
import { chargesFor, failure, outboxOf, outcomeOf, startPaymentStack, transactionsOf, type PaymentStack } from './support/payment-stack';

describe('Pay and GetPaymentStatus over gRPC', () => {
  let stack: PaymentStack;
  const as = (user: 'alice' | 'bob' | 'boss') => ({ token: stack.tokens[user] });
  const pay = (
    user: 'alice' | 'bob' | 'boss',
    bookingId: string,
    extra: { payment_token?: string; idempotency_key?: string; payment_method?: string } = {},
  ) => stack.client.call.Pay({ booking_id: bookingId, payment_method: 'credit_card', ...extra }, as(user));

  beforeAll(async () => {
    stack = await startPaymentStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('charges the claimed booking, records SUCCEEDED with one booking.paid, and refuses a second payment', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice, { totalCents: 375_000, currency: 'IDR' });

    const transaction = await pay('alice', booking.id, { payment_method: 'e_wallet' });
    expect(transaction).toMatchObject({
      booking_id: booking.id,
      amount_cents: 375_000,
      currency: 'IDR',
      payment_method: 'e_wallet',
      status: 'SUCCEEDED',
    });
    expect(transaction.external_id).toMatch(/^PAY-EW-/);
    expect(stack.booking.grantedClaims).toContain(transaction.id);

    const paid = await outboxOf(stack.pool, 'booking.paid', booking.id);
    expect(paid).toEqual([
      {
        booking_id: booking.id,
        user_id: stack.ids.alice,
        event_id: booking.eventId,
        transaction_id: transaction.id,
        amount_cents: 375_000,
        currency: 'IDR',
        payment_method: 'e_wallet',
      },
    ]);

    expect((await failure(pay('alice', booking.id))).code).toBe('ALREADY_PAID');
    expect(await chargesFor(stack, booking.id)).toBe(1);

    const status = await stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('alice'));
    expect(status).toMatchObject({ booking_id: booking.id, transaction: { id: transaction.id, status: 'SUCCEEDED' } });
    expect(status.refund).toBeFalsy();
    await expect(stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('boss'))).resolves.toMatchObject({
      transaction: { id: transaction.id },
    });
  });

  it('charges once when two payments for one booking race without a key', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    const results = await Promise.allSettled([pay('alice', booking.id), pay('alice', booking.id)]);
    const outcomes = results.map(outcomeOf).sort();
    expect(outcomes).toContain('OK');
    expect(['ALREADY_PAID', 'CONFLICT']).toContain(outcomes.find((o) => o !== 'OK'));
    expect(await chargesFor(stack, booking.id)).toBe(1);
    expect((await transactionsOf(stack.pool, booking.id)).filter((t) => t.status === 'SUCCEEDED')).toHaveLength(1);
    expect(await outboxOf(stack.pool, 'booking.paid', booking.id)).toHaveLength(1);
  });

  it('charges once when two payments race with the same Idempotency-Key, and replays the first afterwards', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    const key = `pay-${newId()}`;
    const results = await Promise.allSettled([pay('alice', booking.id, { idempotency_key: key }), pay('alice', booking.id, { idempotency_key: key })]);
    expect(results.map(outcomeOf).sort()).toEqual(['IDEMPOTENCY_IN_PROGRESS', 'OK']);
    const first = results.find((r) => r.status === 'fulfilled')!.value;

    await expect(pay('alice', booking.id, { idempotency_key: key })).resolves.toEqual(first);
    expect((await failure(pay('alice', booking.id, { idempotency_key: key, payment_method: 'bank_transfer' }))).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await chargesFor(stack, booking.id)).toBe(1);
    expect((await transactionsOf(stack.pool, booking.id)).filter((t) => t.status === 'SUCCEEDED')).toHaveLength(1);
  });

  it.each([
    ['tok_decline', 'declined'],
    ['tok_timeout', 'timeout'],
  ])('fails on %s, announces payment.failed, releases the claim, and lets a later payment succeed', async (token, reason) => {
    const booking = stack.booking.addBooking(stack.ids.alice);

    const error = await failure(pay('alice', booking.id, { payment_token: token, idempotency_key: `k-${token}` }));
    expect(error.code).toBe('PAYMENT_DECLINED');
    const [failed] = await transactionsOf(stack.pool, booking.id);
    expect(failed).toMatchObject({ status: 'FAILED', failure_reason: reason });
    expect(await outboxOf(stack.pool, 'payment.failed', booking.id)).toEqual([expect.objectContaining({ transaction_id: failed!.id, reason })]);
    expect(stack.booking.bookings.get(booking.id)!.claim).toBeUndefined();
    expect(await outboxOf(stack.pool, 'booking.paid', booking.id)).toEqual([]);

    // The failed attempt released its key: the same key with a good token is a new request.
    const paid = await pay('alice', booking.id, { payment_token: 'tok_visa' });
    expect(paid.status).toBe('SUCCEEDED');
    const status = await stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('alice'));
    expect(status.transaction?.id).toBe(paid.id);
  });

  it('refuses an expired booking with BOOKING_EXPIRED and charges nothing', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice, { expiresAt: new Date(Date.now() - 1_000) });
    expect((await failure(pay('alice', booking.id))).code).toBe('BOOKING_EXPIRED');
    expect(await chargesFor(stack, booking.id)).toBe(0);
    expect(await transactionsOf(stack.pool, booking.id)).toEqual([expect.objectContaining({ status: 'FAILED', failure_reason: 'claim_refused' })]);
    expect((await failure(stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('alice')))).code).toBe('NOT_FOUND');
  });

  it("answers NOT_FOUND for another user's booking, on pay and on status", async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    expect((await failure(pay('bob', booking.id))).code).toBe('NOT_FOUND');
    expect(await chargesFor(stack, booking.id)).toBe(0);
    expect((await failure(stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('bob')))).code).toBe('NOT_FOUND');

    await pay('alice', booking.id);
    expect((await failure(stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('bob')))).code).toBe('NOT_FOUND');
    await expect(stack.client.call.GetPaymentStatus({ booking_id: booking.id }, as('alice'))).resolves.toMatchObject({
      transaction: { status: 'SUCCEEDED' },
    });
  });

  it('refuses a call without a valid token and a malformed request', async () => {
    expect((await failure(stack.client.call.Pay({ booking_id: newId(), payment_method: 'credit_card' }))).code).toBe('UNAUTHENTICATED');
    const invalid = await failure(stack.client.call.Pay({ booking_id: 'nope', payment_method: 'cash' }, as('alice')));
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.fields.map((f) => f.field)).toEqual(['booking_id', 'payment_method']);
  });
});

describe('a second capture for one booking', () => {
  let stack: PaymentStack;

  beforeAll(async () => {
    stack = await startPaymentStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is stopped by the schema: one SUCCEEDED, the other answered ALREADY_PAID and refunded at once', async () => {
    // Booking grants both claims (as if the first had lapsed), so both charges reach the provider.
    const booking = stack.booking.addBooking(stack.ids.alice, { claimsLapseAtOnce: true });
    const pay = () => stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, { token: stack.tokens.alice });

    const results = await Promise.allSettled([pay(), pay()]);
    expect(results.map(outcomeOf).sort()).toEqual(['ALREADY_PAID', 'OK']);
    expect(await chargesFor(stack, booking.id)).toBe(2);

    const transactions = await transactionsOf(stack.pool, booking.id);
    expect(transactions.map((t) => `${t.status}/${t.failure_reason}`).sort()).toEqual(['FAILED/already_paid', 'SUCCEEDED/null']);
    const second = transactions.find((t) => t.status === 'FAILED')!;
    const { rows } = await stack.pool.query(/* sql */ `SELECT status, reason FROM refunds WHERE transaction_id = $1`, [second.id]);
    expect(rows).toEqual([{ status: 'COMPLETED', reason: 'duplicate_capture' }]);
    expect(stack.provider.refunds.filter((r) => r.chargeExternalId === second.external_id)).toHaveLength(1);
    // Only the paying transaction is announced; the refunded capture never was the booking's payment.
    expect(await outboxOf(stack.pool, 'booking.paid', booking.id)).toHaveLength(1);
    expect(await outboxOf(stack.pool, 'booking.refunded', booking.id)).toEqual([]);
  });
});
