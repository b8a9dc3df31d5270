import { newId, RetryLaterError } from '@ticres/shared';
import type { Settlement } from '../src/usecases/reconcile-charges';
import { installLostCommitFault, type LostCommitFault } from './support/lost-commit';
import { eventually, failure, outboxOf, startPaymentStack, transactionsOf, type PaymentStack } from './support/payment-stack';

/** The provider's captures for a booking's transactions: the money actually taken, and whether it went back. */
async function capturesOf(stack: PaymentStack, bookingId: string) {
  const references = new Set((await transactionsOf(stack.pool, bookingId)).map((t) => t.external_id));
  return stack.provider.ledger().filter((entry) => entry.outcome === 'succeeded' && references.has(entry.externalId));
}

async function refundOf(stack: PaymentStack, transactionId: string) {
  const { rows } = await stack.pool.query(/* sql */ `SELECT status, reason FROM refunds WHERE transaction_id = $1`, [transactionId]);
  return rows[0];
}

describe('a charge whose success was captured but never committed', () => {
  let stack: PaymentStack;
  let faults: LostCommitFault;
  const pay = (bookingId: string, idempotencyKey = '') =>
    stack.client.call.Pay({ booking_id: bookingId, payment_method: 'credit_card', idempotency_key: idempotencyKey }, { token: stack.tokens.alice });

  beforeAll(async () => {
    // The service's own reconciler settles what is PENDING for more than 1.5 s, every 100 ms.
    stack = await startPaymentStack({ GRPC_DEADLINE_MS: '1000', RECONCILE_AFTER_MS: '1500', RECONCILE_INTERVAL_MS: '100' });
    faults = await installLostCommitFault(stack.adminUrl);
  });

  afterAll(async () => {
    await faults?.close();
    await stack?.stop();
  });

  it('leaves a PENDING row with its reference; a retry with the key never charges again; the reconciler makes it SUCCEEDED and the key replays it', async () => {
    // Booking grants every claim, as once the first one has lapsed: only payment can stop a second charge.
    const booking = stack.booking.addBooking(stack.ids.alice, { claimsLapseAtOnce: true });
    const key = `lost-${newId()}`;
    await faults.lose(booking.id);

    expect((await failure(pay(booking.id, key))).code).toBe('INTERNAL');
    const [lost] = await transactionsOf(stack.pool, booking.id);
    expect(lost).toMatchObject({ status: 'PENDING', external_id: expect.stringMatching(/^PAY-CR-/), amount_cents: String(booking.totalCents) });
    expect((await capturesOf(stack, booking.id)).map((c) => c.externalId)).toEqual([lost!.external_id]);

    // However often the client retries while the capture is unsettled: refused with a Retry-After, nothing charged.
    for (let retry = 0; retry < 2; retry++) {
      const refused = await failure(pay(booking.id, key));
      expect(refused).toBeInstanceOf(RetryLaterError);
      expect(refused.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect((refused as RetryLaterError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(await transactionsOf(stack.pool, booking.id)).toHaveLength(1);
    expect(await capturesOf(stack, booking.id)).toHaveLength(1);

    await faults.heal(booking.id);
    const settled = await eventually(
      () => transactionsOf(stack.pool, booking.id),
      (rows) => rows.every((t) => t.status !== 'PENDING'),
    );
    expect(settled.map((t) => [t.id, t.status])).toEqual([[lost!.id, 'SUCCEEDED']]);
    expect(await outboxOf(stack.pool, 'booking.paid', booking.id)).toEqual([expect.objectContaining({ transaction_id: lost!.id })]);

    await expect(pay(booking.id, key)).resolves.toMatchObject({ id: lost!.id, status: 'SUCCEEDED' });
    expect(await capturesOf(stack, booking.id)).toEqual([expect.objectContaining({ externalId: lost!.external_id, refundedBy: undefined })]);
  });

  it('refunds the lost capture when another payment paid the booking meanwhile', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice, { claimsLapseAtOnce: true });
    await faults.lose(booking.id);
    expect((await failure(pay(booking.id))).code).toBe('INTERNAL');
    const [lost] = await transactionsOf(stack.pool, booking.id);
    // Only the lost attempt's commits keep failing, so the reconciler cannot settle it before the second payment.
    await faults.lose(lost!.id);
    await faults.heal(booking.id);

    const paid = await pay(booking.id);
    expect(paid.status).toBe('SUCCEEDED');
    await faults.heal(lost!.id);

    await eventually(
      () => refundOf(stack, lost!.id),
      (refund) => refund?.status === 'COMPLETED',
    );
    expect(await refundOf(stack, lost!.id)).toEqual({ status: 'COMPLETED', reason: 'duplicate_capture' });
    const transactions = await transactionsOf(stack.pool, booking.id);
    expect(transactions.map((t) => [t.id, t.status, t.failure_reason])).toEqual([
      [lost!.id, 'FAILED', 'already_paid'],
      [paid.id, 'SUCCEEDED', null],
    ]);
    // Two captures: the one that paid, and the one refunded.
    const captures = await capturesOf(stack, booking.id);
    expect(captures.map((c) => [c.externalId, c.refundedBy !== undefined])).toEqual([
      [lost!.external_id, true],
      [paid.external_id, false],
    ]);
    expect(await outboxOf(stack.pool, 'booking.paid', booking.id)).toEqual([expect.objectContaining({ transaction_id: paid.id })]);
  });
});

describe('two reconcilers at once', () => {
  let stack: PaymentStack;
  let faults: LostCommitFault;

  beforeAll(async () => {
    // The service's own reconciler stays out of the way: the two below do the work.
    stack = await startPaymentStack({ RECONCILE_INTERVAL_MS: '3600000' });
    faults = await installLostCommitFault(stack.adminUrl);
  });

  afterAll(async () => {
    await faults?.close();
    await stack?.stop();
  });

  /** A PENDING transaction as an attempt that died leaves it; `claimed` once booking accepted the claim. */
  const insertPending = async (externalId: string, claimed: boolean) => {
    const booking = stack.booking.addBooking(stack.ids.bob);
    const id = newId();
    await stack.pool.query(
      /* sql */ `
      INSERT INTO transactions (id, booking_id, user_id, event_id, amount_cents, currency, payment_method, status, external_id)
      VALUES ($1, $2, $3, $4, $5, $6, 'credit_card', 'PENDING', $7)`,
      [
        id,
        booking.id,
        booking.userId,
        claimed ? booking.eventId : null,
        claimed ? booking.totalCents : null,
        claimed ? booking.currency : null,
        externalId,
      ],
    );
    return { id, bookingId: booking.id, externalId };
  };

  it('settle each unsettled transaction once, whatever the provider says of it', async () => {
    const lost = [];
    for (let i = 0; i < 6; i++) {
      const booking = stack.booking.addBooking(stack.ids.alice);
      await faults.lose(booking.id);
      await failure(stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, { token: stack.tokens.alice }));
      await faults.heal(booking.id);
      lost.push(booking.id);
    }
    const neverClaimed = await insertPending('PAY-CR-NEVER-CLAIMED', false);
    const neverCharged = await insertPending('PAY-CR-NEVER-CHARGED', true);
    const declined = await insertPending('PAY-CR-DECLINED', true);
    await stack.provider.charge({ externalId: declined.externalId, amountCents: 1, currency: 'IDR', method: 'credit_card', token: 'tok_decline' });

    const replicas = [stack.replica({ RECONCILE_AFTER_MS: 0 }), stack.replica({ RECONCILE_AFTER_MS: 0 })];
    const runs = await Promise.all(replicas.map((replica) => replica.reconcileCharges.pending()));
    const total = (settlement: Settlement) => runs.reduce((sum, run) => sum + run[settlement], 0);
    expect({ succeeded: total('succeeded'), declined: total('declined'), abandoned: total('abandoned'), unknown: total('unknown') }).toEqual({
      succeeded: 6,
      declined: 1,
      abandoned: 2,
      unknown: 0,
    });

    for (const bookingId of lost) {
      const [transaction] = await transactionsOf(stack.pool, bookingId);
      expect(transaction!.status).toBe('SUCCEEDED');
      expect(await outboxOf(stack.pool, 'booking.paid', bookingId)).toHaveLength(1);
      expect(stack.provider.lookups.filter((reference) => reference === transaction!.external_id)).toHaveLength(1);
    }
    expect((await transactionsOf(stack.pool, neverClaimed.bookingId)).map((t) => [t.status, t.failure_reason])).toEqual([['FAILED', 'abandoned']]);
    expect(stack.provider.lookups).not.toContain(neverClaimed.externalId);
    expect((await transactionsOf(stack.pool, neverCharged.bookingId)).map((t) => [t.status, t.failure_reason])).toEqual([['FAILED', 'abandoned']]);
    expect((await transactionsOf(stack.pool, declined.bookingId)).map((t) => [t.status, t.failure_reason])).toEqual([['FAILED', 'declined']]);
    expect(await outboxOf(stack.pool, 'payment.failed', declined.bookingId)).toEqual([
      expect.objectContaining({ transaction_id: declined.id, reason: 'declined' }),
    ]);
  });

  it('leaves a transaction younger than the grace period to its own attempt', async () => {
    const young = await insertPending(`PAY-CR-${newId()}`, true);
    await stack.replica({ RECONCILE_AFTER_MS: 60_000 }).reconcileCharges.ofTransaction(young.id);
    expect((await transactionsOf(stack.pool, young.bookingId)).map((t) => t.status)).toEqual(['PENDING']);
    expect(stack.provider.lookups).not.toContain(young.externalId);
  });
});
