import { newId, type Broker, type EventEnvelope, type InboxConsumer } from '@ticres/shared';
import { deleteTestTopology, testAmqpUrl, testBrokerNames } from '@ticres/shared/testing';
import type { BookingComponents } from '../src/compose';
import type { Booking } from '../src/domain/booking';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  deliver,
  envelopeOf,
  seated,
  seatStatusCounts,
  type BookingTestDatabase,
} from './support/booking-database';
import { startBookingConsumer } from './support/booking-consumer';
import { bookingRow, outboxOf, paidEnvelope, paymentOf, paymentService, refundedEnvelope, seatsOfBooking } from './support/payments';

describe('payment events', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 20 });
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  async function holdOn(eventId: string, quantity = 2): Promise<Booking> {
    return booking.holdSeats(customer(), { eventId, seatIds: [], quantity, section: '', idempotencyKey: '' });
  }

  async function hold(quantity = 2) {
    const event = await createEvent(db.pool, booking, [seated('HALL', 2, 5)]);
    return { event, held: await holdOn(event.event_id, quantity) };
  }

  const cancelEvent = (eventId: string) => envelopeOf('event.cancelled', { event_id: eventId, reason: 'storm', cancelled_at: new Date().toISOString() });
  const overdue = (id: string) => db.pool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);

  describe('booking.paid', () => {
    it('turns a pending booking PAID with its seats sold and records booking.confirmed once', async () => {
      const { event, held } = await hold();
      const claimant = { userId: held.userId, role: 'customer' as const };
      await booking.claimForPayment(paymentService, { bookingId: held.id, paymentId: newId(), userId: held.userId });
      const payment = paymentOf(held);

      await deliver(db.pool, booking, paidEnvelope(payment));

      expect(await bookingRow(db.pool, held.id)).toEqual({
        status: 'PAID',
        transaction_id: payment.transaction_id,
        claim_payment_id: null,
        claimed_until: null,
      });
      expect(await seatsOfBooking(db.pool, held)).toEqual([
        { status: 'sold', mine: true },
        { status: 'sold', mine: true },
      ]);
      expect(await outboxOf(db.pool, 'booking.confirmed', held.id)).toEqual([
        {
          booking_id: held.id,
          user_id: held.userId,
          event_id: event.event_id,
          event_name: event.name,
          event_starts_at: new Date(event.starts_at).toISOString(),
          seats: held.seats.map((s) => ({ id: s.id, label: s.label, price_cents: s.priceCents })),
          total_cents: held.totalCents,
          currency: 'IDR',
          expires_at: held.expiresAt.toISOString(),
          transaction_id: payment.transaction_id,
        },
      ]);
      await expect(booking.getBooking(claimant, held.id)).resolves.toMatchObject({ status: 'PAID' });

      // The same transaction again, under another message id: nothing new.
      await deliver(db.pool, booking, paidEnvelope(payment));
      expect(await outboxOf(db.pool, 'booking.confirmed', held.id)).toHaveLength(1);
      expect(await outboxOf(db.pool, 'booking.payment_rejected', held.id)).toEqual([]);

      // A paid booking is no open hold: its owner may hold again.
      const again = booking.holdSeats(claimant, { eventId: event.event_id, seatIds: [], quantity: 1, section: '', idempotencyKey: '' });
      await expect(again).resolves.toMatchObject({ status: 'PENDING' });
    });

    it('confirms a booking past its deadline that the sweeper has not expired (a claim kept it off)', async () => {
      const { held } = await hold();
      await booking.claimForPayment(paymentService, { bookingId: held.id, paymentId: newId(), userId: held.userId });
      await overdue(held.id);
      await expect(booking.expireOverdueHolds()).resolves.toBe(0);

      await deliver(db.pool, booking, paidEnvelope(paymentOf(held)));

      expect((await bookingRow(db.pool, held.id)).status).toBe('PAID');
      await expect(booking.expireOverdueHolds()).resolves.toBe(0);
      expect((await seatsOfBooking(db.pool, held)).map((s) => s.status)).toEqual(['sold', 'sold']);
    });

    it('rejects the payment of an expired booking and leaves its seats to whoever has them now', async () => {
      const { event, held } = await hold();
      await overdue(held.id);
      await booking.expireOverdueHolds();
      const seatIds = held.seats.map((s) => s.id);
      const next = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds, quantity: 0, section: '', idempotencyKey: '' });
      const payment = paymentOf(held);

      await deliver(db.pool, booking, paidEnvelope(payment));
      await deliver(db.pool, booking, paidEnvelope(payment));

      expect(await bookingRow(db.pool, held.id)).toMatchObject({ status: 'EXPIRED', transaction_id: null });
      expect(await seatsOfBooking(db.pool, next)).toEqual([
        { status: 'held', mine: true },
        { status: 'held', mine: true },
      ]);
      expect(await outboxOf(db.pool, 'booking.payment_rejected', held.id)).toEqual([
        { booking_id: held.id, user_id: held.userId, event_id: event.event_id, transaction_id: payment.transaction_id, reason: 'expired' },
      ]);
      expect(await outboxOf(db.pool, 'booking.confirmed', held.id)).toEqual([]);
    });

    it('rejects the payment of a booking cancelled by its owner, or whose event was cancelled', async () => {
      const own = await hold();
      await booking.cancelBooking({ userId: own.held.userId, role: 'customer' }, own.held.id);
      await deliver(db.pool, booking, paidEnvelope(paymentOf(own.held)));
      expect((await outboxOf(db.pool, 'booking.payment_rejected', own.held.id)).map((p) => p.reason)).toEqual(['cancelled']);

      const { event, held } = await hold();
      await deliver(db.pool, booking, cancelEvent(event.event_id));
      await deliver(db.pool, booking, paidEnvelope(paymentOf(held)));
      expect((await bookingRow(db.pool, held.id)).status).toBe('CANCELLED');
      expect((await outboxOf(db.pool, 'booking.payment_rejected', held.id)).map((p) => p.reason)).toEqual(['event_cancelled']);
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ void: 10 });
    });

    it('rejects a second transaction for a paid booking, and ignores that transaction’s refund', async () => {
      const { held } = await hold();
      const first = paymentOf(held);
      const second = paymentOf(held);
      await deliver(db.pool, booking, paidEnvelope(first));
      await deliver(db.pool, booking, paidEnvelope(second));

      expect(await bookingRow(db.pool, held.id)).toMatchObject({ status: 'PAID', transaction_id: first.transaction_id });
      expect(await outboxOf(db.pool, 'booking.payment_rejected', held.id)).toEqual([
        expect.objectContaining({ transaction_id: second.transaction_id, reason: 'already_paid' }),
      ]);

      await deliver(db.pool, booking, refundedEnvelope(second, 'payment_rejected'));
      expect(await bookingRow(db.pool, held.id)).toMatchObject({ status: 'PAID', transaction_id: first.transaction_id });
      expect((await seatsOfBooking(db.pool, held)).map((s) => s.status)).toEqual(['sold', 'sold']);
    });

    it('ends each booking racing its expiry either PAID with its seats sold or EXPIRED with the payment rejected, never both', async () => {
      const event = await createEvent(db.pool, booking, [seated('RACE', 6, 10)]);
      const held = await Promise.all(Array.from({ length: 30 }, () => holdOn(event.event_id, 2)));
      await db.pool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE event_id = $1`, [event.event_id]);
      const payments = new Map(held.map((b) => [b.id, paymentOf(b)]));

      // Two sweeping replicas in small batches against thirty payments landing at once.
      const replicas = [db.newPool(4), db.newPool(4)].map((pool) => composeForTest(pool, { SWEEP_BATCH_SIZE: 2 }));
      const payers = db.newPool(10);
      await Promise.all([
        ...replicas.map((replica) => replica.expireOverdueHolds()),
        ...[...payments.values()].map((payment) => deliver(payers, booking, paidEnvelope(payment))),
      ]);

      const outcomes = { PAID: 0, EXPIRED: 0 };
      for (const b of held) {
        const row = await bookingRow(db.pool, b.id);
        const seats = await seatsOfBooking(db.pool, b);
        const rejected = await outboxOf(db.pool, 'booking.payment_rejected', b.id);
        const confirmed = await outboxOf(db.pool, 'booking.confirmed', b.id);
        const expired = await outboxOf(db.pool, 'booking.expired', b.id);
        if (row.status === 'PAID') {
          outcomes.PAID += 1;
          expect({ seats, rejected, confirmed: confirmed.length, expired }).toEqual({
            seats: [
              { status: 'sold', mine: true },
              { status: 'sold', mine: true },
            ],
            rejected: [],
            confirmed: 1,
            expired: [],
          });
        } else {
          outcomes.EXPIRED += 1;
          expect(row.status).toBe('EXPIRED');
          expect({ seats, rejected: rejected.map((p) => p.reason), confirmed, expired: expired.length }).toEqual({
            seats: [
              { status: 'available', mine: false },
              { status: 'available', mine: false },
            ],
            rejected: ['expired'],
            confirmed: [],
            expired: 1,
          });
        }
      }
      expect(outcomes.PAID + outcomes.EXPIRED).toBe(30);
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ sold: outcomes.PAID * 2, available: 60 - outcomes.PAID * 2 });
    });
  });

  describe('booking.refunded', () => {
    it('turns a PAID booking REFUNDED once and puts its seats back on sale while the event runs', async () => {
      const { event, held } = await hold();
      const payment = paymentOf(held);
      await deliver(db.pool, booking, paidEnvelope(payment));

      await deliver(db.pool, booking, refundedEnvelope(payment, 'requested'));
      await deliver(db.pool, booking, refundedEnvelope(payment, 'requested'));

      expect(await bookingRow(db.pool, held.id)).toMatchObject({ status: 'REFUNDED', transaction_id: payment.transaction_id });
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ available: 10 });
      const items = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM booking_items WHERE booking_id = $1 AND active`, [held.id]);
      expect(items.rows[0]).toEqual({ n: 0 });
      // A redelivered booking.paid of the refunded transaction changes nothing either.
      await deliver(db.pool, booking, paidEnvelope(payment));
      expect((await bookingRow(db.pool, held.id)).status).toBe('REFUNDED');
      expect(await outboxOf(db.pool, 'booking.payment_rejected', held.id)).toEqual([]);
    });

    it('leaves bookings that are not PAID alone', async () => {
      const { held } = await hold();
      await deliver(db.pool, booking, refundedEnvelope(paymentOf(held)));
      expect((await bookingRow(db.pool, held.id)).status).toBe('PENDING');
      // A refund for a booking booking never had is acknowledged and dropped.
      await expect(deliver(db.pool, booking, refundedEnvelope(paymentOf({ ...held, id: newId() })))).resolves.toBeUndefined();
    });
  });

  describe('the cancellation saga', () => {
    it('rejects the money of every PAID booking of a cancelled event once, then turns them REFUNDED with their seats void', async () => {
      const event = await createEvent(db.pool, booking, [seated('HALL', 2, 5)]);
      const [paidA, paidB, pending] = await Promise.all([holdOn(event.event_id), holdOn(event.event_id), holdOn(event.event_id)]);
      const payments = [paymentOf(paidA), paymentOf(paidB)];
      for (const payment of payments) await deliver(db.pool, booking, paidEnvelope(payment));

      const cancellation = cancelEvent(event.event_id);
      await deliver(db.pool, booking, cancellation);
      await deliver(db.pool, booking, envelopeOf('event.cancelled', cancellation.data));

      expect((await bookingRow(db.pool, pending.id)).status).toBe('CANCELLED');
      for (const [index, paid] of [paidA, paidB].entries()) {
        expect((await bookingRow(db.pool, paid.id)).status).toBe('PAID');
        expect(await outboxOf(db.pool, 'booking.payment_rejected', paid.id)).toEqual([
          {
            booking_id: paid.id,
            user_id: paid.userId,
            event_id: event.event_id,
            transaction_id: payments[index]!.transaction_id,
            reason: 'event_cancelled',
          },
        ]);
      }
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ sold: 4, void: 6 });

      // Payment refunds (its own event.cancelled pass and this rejection dedupe on its side).
      for (const payment of payments) await deliver(db.pool, booking, refundedEnvelope(payment));
      for (const paid of [paidA, paidB]) expect((await bookingRow(db.pool, paid.id)).status).toBe('REFUNDED');
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ void: 10 });

      // A late copy of the cancellation asks for nothing more.
      await deliver(db.pool, booking, envelopeOf('event.cancelled', cancellation.data));
      const rejections = await db.pool.query(
        /* sql */ `SELECT count(*)::int AS n FROM outbox WHERE type = 'booking.payment_rejected' AND payload->>'event_id' = $1`,
        [event.event_id],
      );
      expect(rejections.rows[0]).toEqual({ n: 2 });
    });

    it('never leaves a payment racing the cancellation PAID without a rejection', async () => {
      for (let round = 0; round < 5; round++) {
        const event = await createEvent(db.pool, booking, [seated('HALL', 2, 5)]);
        const held = await Promise.all(Array.from({ length: 5 }, () => holdOn(event.event_id)));
        const payers = held.map((b) => deliver(db.pool, booking, paidEnvelope(paymentOf(b))));
        await Promise.all([...payers, deliver(db.pool, booking, cancelEvent(event.event_id))]);

        for (const b of held) {
          const { status } = await bookingRow(db.pool, b.id);
          const reasons = (await outboxOf(db.pool, 'booking.payment_rejected', b.id)).map((p) => p.reason);
          expect({ status, reasons }).toEqual({ status: expect.stringMatching(/^(PAID|CANCELLED)$/), reasons: ['event_cancelled'] });
        }
        expect((await seatStatusCounts(db.pool, event.event_id)).available).toBeUndefined();
      }
    });
  });

  describe('through RabbitMQ', () => {
    const names = testBrokerNames();
    const queue = `${names.queuePrefix}booking`;
    let broker: Broker;
    let consumer: InboxConsumer;

    beforeAll(async () => {
      ({ broker, consumer } = await startBookingConsumer(db.pool, booking, { exchange: names.exchange, queue }));
    });

    afterAll(async () => {
      await consumer?.stop();
      await broker?.close();
      await deleteTestTopology(testAmqpUrl(), { exchange: names.exchange, queues: [queue] });
    });

    const toMessage = (envelope: EventEnvelope) => ({
      routingKey: envelope.type,
      body: Buffer.from(JSON.stringify(envelope)),
      options: { persistent: true, messageId: envelope.id, contentType: 'application/json' },
    });

    async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it('applies a booking.paid delivered twice, and a booking.refunded delivered twice, once each', async () => {
      const { event, held } = await hold();
      const payment = paymentOf(held);
      const paid = paidEnvelope(payment);
      const refunded = refundedEnvelope(payment);
      // prefetch 1: once the marker (a later message) has taken effect, both copies were handled.
      const marker = await hold();
      const markerPaid = paidEnvelope(paymentOf(marker.held));

      await broker.publish([toMessage(paid), toMessage(paid), toMessage(markerPaid)]);
      await eventually(async () => (await bookingRow(db.pool, marker.held.id)).status === 'PAID');
      expect((await bookingRow(db.pool, held.id)).status).toBe('PAID');
      expect(await outboxOf(db.pool, 'booking.confirmed', held.id)).toHaveLength(1);

      await deliver(db.pool, booking, cancelEvent(event.event_id));
      await broker.publish([toMessage(refunded), toMessage(refunded)]);
      await eventually(async () => (await bookingRow(db.pool, held.id)).status === 'REFUNDED');
      const inbox = await db.pool.query(/* sql */ `SELECT message_id, type FROM inbox WHERE message_id = ANY($1::uuid[]) ORDER BY type`, [
        [paid.id, refunded.id],
      ]);
      expect(inbox.rows).toEqual([
        { message_id: paid.id, type: 'booking.paid' },
        { message_id: refunded.id, type: 'booking.refunded' },
      ]);
      expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ void: 10 });
    });
  });
});
