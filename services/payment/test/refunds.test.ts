import { newId, type EventEnvelope, type EventType } from '@ticres/shared';
import { eventually, outboxOf, startPaymentStack, transactionsOf, type PaymentStack } from './support/payment-stack';

function envelopeOf<Type extends EventType>(type: Type, aggregateId: string, data: EventEnvelope<Type>['data']): EventEnvelope<Type> {
  return { id: newId(), type, version: 1, occurred_at: new Date().toISOString(), aggregate_id: aggregateId, data };
}

interface StoredRefund {
  transaction_id: string;
  status: string;
  reason: string;
  attempts: number;
}

describe('refunds: booking.payment_rejected, event.cancelled and the refund runner', () => {
  let stack: PaymentStack;

  const refundsOf = async (bookingId: string): Promise<StoredRefund[]> =>
    (
      await stack.pool.query<StoredRefund>(
        /* sql */ `SELECT transaction_id, status, reason, attempts FROM refunds WHERE booking_id = $1 ORDER BY created_at`,
        [bookingId],
      )
    ).rows;

  const refundCallsFor = (externalId: string) => stack.provider.refunds.filter((r) => r.chargeExternalId === externalId);

  /** A booking of `user` paid through the service. */
  const paidBooking = async (user: 'alice' | 'bob', eventId = newId()) => {
    const booking = stack.booking.addBooking(stack.ids[user], { eventId });
    const transaction = await stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card' }, { token: stack.tokens[user] });
    return { booking, transaction };
  };

  const rejection = (booking: { id: string; userId: string; eventId: string }, transactionId: string, reason: 'expired' | 'event_cancelled' = 'expired') =>
    envelopeOf('booking.payment_rejected', booking.id, {
      booking_id: booking.id,
      user_id: booking.userId,
      event_id: booking.eventId,
      transaction_id: transactionId,
      reason,
    });

  const cancellation = (eventId: string) =>
    envelopeOf('event.cancelled', eventId, { event_id: eventId, reason: 'venue flooded', cancelled_at: new Date().toISOString() });

  /** Waits for the refund of the booking to complete (the service's refund runner moves the money). */
  const completedRefund = (bookingId: string) =>
    eventually(
      () => refundsOf(bookingId),
      (rows) => rows[0]?.status === 'COMPLETED',
    );

  beforeAll(async () => {
    stack = await startPaymentStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refunds a rejected payment once, whether the message comes again or is re-sent under a new id', async () => {
    const { booking, transaction } = await paidBooking('alice');
    const message = rejection(booking, transaction.id);

    // Twice through the real inbox consumer, then twice more straight into the handler (a copy under a new id).
    await stack.publish(message);
    await stack.publish(message);
    await Promise.all([stack.deliver(rejection(booking, transaction.id)), stack.deliver(rejection(booking, transaction.id))]);
    await eventually(
      async () => (await stack.pool.query(/* sql */ `SELECT 1 FROM inbox WHERE message_id = $1`, [message.id])).rowCount,
      (count) => count === 1,
    );

    expect(await completedRefund(booking.id)).toEqual([{ transaction_id: transaction.id, status: 'COMPLETED', reason: 'expired', attempts: 0 }]);
    expect((await transactionsOf(stack.pool, booking.id)).map((t) => t.status)).toEqual(['REFUNDED']);
    expect(refundCallsFor(transaction.external_id)).toHaveLength(1);
    const refunded = await outboxOf(stack.pool, 'booking.refunded', booking.id);
    expect(refunded).toEqual([
      expect.objectContaining({ booking_id: booking.id, transaction_id: transaction.id, amount_cents: booking.totalCents, reason: 'expired' }),
    ]);

    const status = await stack.client.call.GetPaymentStatus({ booking_id: booking.id }, { token: stack.tokens.alice });
    expect(status).toMatchObject({
      transaction: { id: transaction.id, status: 'REFUNDED' },
      refund: { transaction_id: transaction.id, status: 'COMPLETED', reason: 'expired', amount_cents: booking.totalCents },
    });
  });

  it('refunds every SUCCEEDED transaction of a cancelled event once, whatever the redeliveries', async () => {
    const eventId = newId();
    const first = await paidBooking('alice', eventId);
    const second = await paidBooking('bob', eventId);
    const otherEvent = await paidBooking('alice');
    const unpaid = stack.booking.addBooking(stack.ids.bob, { eventId });

    const message = cancellation(eventId);
    await stack.publish(message);
    await stack.publish(message);
    await stack.deliver(cancellation(eventId));
    await stack.deliver(cancellation(eventId));

    for (const { booking, transaction } of [first, second]) {
      expect(await completedRefund(booking.id)).toEqual([expect.objectContaining({ transaction_id: transaction.id, reason: 'event_cancelled' })]);
      await eventually(
        () => transactionsOf(stack.pool, booking.id),
        (rows) => rows.length === 1 && rows[0]!.status === 'REFUNDED',
      );
    }
    await eventually(
      async () => (await stack.pool.query(/* sql */ `SELECT 1 FROM inbox WHERE message_id = $1`, [message.id])).rowCount,
      (count) => count === 1,
    );
    for (const { booking, transaction } of [first, second]) {
      expect(refundCallsFor(transaction.external_id)).toHaveLength(1);
      expect(await outboxOf(stack.pool, 'booking.refunded', booking.id)).toEqual([expect.objectContaining({ reason: 'event_cancelled' })]);
    }
    expect(await refundsOf(otherEvent.booking.id)).toEqual([]);
    expect((await transactionsOf(stack.pool, otherEvent.booking.id)).map((t) => t.status)).toEqual(['SUCCEEDED']);
    expect(await refundsOf(unpaid.id)).toEqual([]);

    // A rejection arriving after the saga refunded the payment changes nothing.
    await stack.deliver(rejection(first.booking, first.transaction.id));
    expect(await refundsOf(first.booking.id)).toHaveLength(1);
    expect(refundCallsFor(first.transaction.external_id)).toHaveLength(1);
  });

  it('tells booking again of a refund that the event cancellation made before booking confirmed the payment', async () => {
    const eventId = newId();
    const { booking, transaction } = await paidBooking('bob', eventId);
    await stack.deliver(cancellation(eventId));
    await completedRefund(booking.id);
    expect(await outboxOf(stack.pool, 'booking.refunded', booking.id)).toHaveLength(1);

    // Booking heard of the refund before the payment, marked the booking PAID, and now rejects it.
    await stack.deliver(rejection(booking, transaction.id, 'event_cancelled'));
    const announcements = await outboxOf(stack.pool, 'booking.refunded', booking.id);
    expect(announcements).toHaveLength(2);
    expect(announcements[1]).toEqual(announcements[0]);
    expect(refundCallsFor(transaction.external_id)).toHaveLength(1);
    expect(await refundsOf(booking.id)).toHaveLength(1);
  });

  it('refunds nothing that did not succeed', async () => {
    const booking = stack.booking.addBooking(stack.ids.alice);
    await expect(
      stack.client.call.Pay({ booking_id: booking.id, payment_method: 'credit_card', payment_token: 'tok_decline' }, { token: stack.tokens.alice }),
    ).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
    const [failed] = await transactionsOf(stack.pool, booking.id);
    await stack.deliver(rejection(booking, failed!.id));
    await stack.deliver(rejection(booking, newId()));
    expect(await refundsOf(booking.id)).toEqual([]);
  });

  it('leaves a refund whose provider call failed PENDING, and the refund runner completes it later', async () => {
    const { booking, transaction } = await paidBooking('alice');
    stack.provider.failNextRefunds = 1;
    await stack.deliver(rejection(booking, transaction.id));

    const [refund] = await completedRefund(booking.id);
    expect(refund).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(refundCallsFor(transaction.external_id).map((call) => call.failed)).toEqual([true, false]);
    expect((await transactionsOf(stack.pool, booking.id)).map((t) => t.status)).toEqual(['REFUNDED']);
    expect(await outboxOf(stack.pool, 'booking.refunded', booking.id)).toHaveLength(1);
  });
});
