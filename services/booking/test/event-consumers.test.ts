import { newId, startOutboxRelay, type Broker, type EventEnvelope, type InboxConsumer, type PaymentPayload } from '@ticres/shared';
import { deleteTestTopology, testAmqpUrl, testBrokerNames } from '@ticres/shared/testing';
import type { BookingComponents } from '../src/compose';
import { BOOKING_SCHEMA } from '../src/db/migrations';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  deliver,
  envelopeOf,
  eventSnapshot,
  generalAdmission,
  seated,
  seatStatusCounts,
  silentLogger,
  type BookingTestDatabase,
} from './support/booking-database';
import { startBookingConsumer } from './support/booking-consumer';
import { paidEnvelope } from './support/payments';

const toMessage = (envelope: EventEnvelope) => ({
  routingKey: envelope.type,
  body: Buffer.from(JSON.stringify(envelope)),
  options: { persistent: true, messageId: envelope.id, contentType: 'application/json' },
});

/** A charge of a booking this service has never heard of, as a buggy or forged booking.paid names it. */
const paymentOfUnknownBooking = (): PaymentPayload => ({
  booking_id: newId(),
  user_id: newId(),
  event_id: newId(),
  transaction_id: newId(),
  amount_cents: 10_000,
  currency: 'IDR',
  payment_method: 'credit_card',
});

const seatCount = async (db: BookingTestDatabase, eventId: string) =>
  (await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM seats WHERE event_id = $1`, [eventId])).rows[0].n as number;

describe('consuming catalog events', () => {
  let db: BookingTestDatabase;
  let booking: BookingComponents;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 8 });
    booking = composeForTest(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  describe('through RabbitMQ', () => {
    const names = testBrokerNames();
    const queue = `${names.queuePrefix}booking`;
    const observerQueue = `${names.queuePrefix}observer`;
    let broker: Broker;
    let consumer: InboxConsumer;

    beforeAll(async () => {
      ({ broker, consumer } = await startBookingConsumer(db.pool, booking, { exchange: names.exchange, queue }));
    });

    afterAll(async () => {
      await consumer?.stop();
      await broker?.close();
      await deleteTestTopology(testAmqpUrl(), { exchange: names.exchange, queues: [queue, observerQueue] });
    });

    /** Resolves once `check` holds, looking again each time the database may have changed. */
    async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it('materializes the seats of an event.created delivered twice exactly once', async () => {
      const created = envelopeOf('event.created', eventSnapshot([seated('VIP', 2, 5), generalAdmission('FLOOR', 20)]));
      const marker = envelopeOf('event.created', eventSnapshot([generalAdmission('FLOOR', 1)]));

      await broker.publish([toMessage(created), toMessage(created), toMessage(marker)]);
      await eventually(async () => (await seatCount(db, marker.data.event_id)) === 1);

      expect(await seatCount(db, created.data.event_id)).toBe(30);
      const inbox = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM inbox WHERE message_id = $1`, [created.id]);
      expect(inbox.rows[0]).toEqual({ n: 1 });
      expect((await booking.getEventSeats(created.data.event_id)).seats).toHaveLength(30);
    });

    it('parks a flood of 50 booking.paid naming unknown bookings at once, and materializes the event published after them', async () => {
      const parked = broker.openChannel('parking-inspector', async () => undefined);
      await parked.ready(10_000);
      const parkedCount = async () => (await parked.current()!.checkQueue(`${queue}.dead`)).messageCount;
      try {
        const before = await parkedCount();
        const poison = Array.from({ length: 50 }, () => paidEnvelope(paymentOfUnknownBooking()));
        const created = envelopeOf('event.created', eventSnapshot([generalAdmission('FLOOR', 3)]));

        await broker.publish([...poison, created].map(toMessage));
        // prefetch 1: each poison message retried in its slot would hold the event up for minutes.
        await eventually(async () => (await seatCount(db, created.data.event_id)) === 3);
        await eventually(async () => (await parkedCount()) === before + poison.length);
        const inbox = await db.pool.query(/* sql */ `SELECT count(*)::int AS n FROM inbox WHERE message_id = ANY($1::uuid[])`, [
          poison.map((envelope) => envelope.id),
        ]);
        expect(inbox.rows[0]).toEqual({ n: 0 });
      } finally {
        await parked.close();
      }
    });

    it('publishes booking.created from the outbox with the outbox id as message id', async () => {
      // A queue of the test's own on the exchange, standing in for payment and notifier.
      let report!: (message: { content: Buffer; routingKey: string; messageId: unknown }) => void;
      const received = new Promise<{ content: Buffer; routingKey: string; messageId: unknown }>((resolve) => {
        report = resolve;
      });
      const observer = broker.openChannel('observer', async (channel) => {
        await channel.assertQueue(observerQueue, { durable: false, autoDelete: true });
        await channel.bindQueue(observerQueue, names.exchange, 'booking.*');
        await channel.consume(
          observerQueue,
          (message) => message && report({ content: message.content, routingKey: message.fields.routingKey, messageId: message.properties.messageId }),
          { noAck: true },
        );
      });
      await observer.ready(10_000);
      const relay = startOutboxRelay({ pool: db.pool, schema: BOOKING_SCHEMA, broker, logger: silentLogger, pollIntervalMs: 50 });
      try {
        const event = await createEvent(db.pool, booking, [generalAdmission('FLOOR', 5)]);
        const held = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 2, section: '', idempotencyKey: '' });

        const message = await received;
        const envelope = JSON.parse(message.content.toString()) as EventEnvelope<'booking.created'>;
        const outbox = await db.pool.query(/* sql */ `SELECT id FROM outbox WHERE aggregate_id = $1`, [held.id]);
        expect(message.messageId).toBe(outbox.rows[0].id);
        expect(message.routingKey).toBe('booking.created');
        expect(envelope).toMatchObject({ id: outbox.rows[0].id, type: 'booking.created', aggregate_id: held.id });
        expect(envelope.data).toEqual({
          booking_id: held.id,
          user_id: held.userId,
          event_id: event.event_id,
          event_name: event.name,
          event_starts_at: new Date(event.starts_at).toISOString(),
          seats: held.seats.map((s) => ({ id: s.id, label: s.label, price_cents: s.priceCents })),
          total_cents: 10_000,
          currency: 'IDR',
          expires_at: held.expiresAt.toISOString(),
        });
      } finally {
        await relay.stop();
        await observer.close();
      }
    });
  });

  it('treats the same snapshot under a new message id as nothing new', async () => {
    const snapshot = eventSnapshot([seated('VIP', 3, 3)]);
    await deliver(db.pool, booking, envelopeOf('event.created', snapshot));
    await deliver(db.pool, booking, envelopeOf('event.created', snapshot));
    expect(await seatCount(db, snapshot.event_id)).toBe(9);
  });

  it('adds the seats of new sections on event.updated and leaves existing seats, held ones included, alone', async () => {
    const event = await createEvent(db.pool, booking, [seated('VIP', 1, 4, 50_000)]);
    const held = await booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 2, section: '', idempotencyKey: '' });

    const updated = { ...event, name: 'Renamed', sections: [...event.sections, generalAdmission('LAWN', 3)] };
    await deliver(db.pool, booking, envelopeOf('event.updated', updated));

    const { seats = [] } = await booking.getEventSeats(event.event_id);
    expect(seats.map((s) => `${s.label}:${s.status}`)).toEqual([
      'VIP-A-1:held',
      'VIP-A-2:held',
      'VIP-A-3:available',
      'VIP-A-4:available',
      'LAWN-1:available',
      'LAWN-2:available',
      'LAWN-3:available',
    ]);
    await expect(booking.getBooking(customer(), held.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const projection = await db.pool.query(/* sql */ `SELECT name FROM events WHERE id = $1`, [event.event_id]);
    expect(projection.rows[0]).toEqual({ name: 'Renamed' });
  });

  it('ignores a snapshot older than the one applied', async () => {
    const snapshot = eventSnapshot([generalAdmission('FLOOR', 2)], { name: 'Newest' });
    await deliver(db.pool, booking, envelopeOf('event.updated', snapshot, new Date('2030-01-02T00:00:00Z')));
    await deliver(db.pool, booking, envelopeOf('event.created', { ...snapshot, name: 'Oldest' }, new Date('2030-01-01T00:00:00Z')));
    const projection = await db.pool.query(/* sql */ `SELECT name FROM events WHERE id = $1`, [snapshot.event_id]);
    expect(projection.rows[0]).toEqual({ name: 'Newest' });
  });

  it('on event.cancelled cancels every pending booking with an outbox row, voids unsold seats and keeps sold ones', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 2, 5)]);
    const pending = await Promise.all(
      [1, 2, 3].map(() => booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 2, section: '', idempotencyKey: '' })),
    );
    const paid = pending.pop()!;
    await db.pool.query(/* sql */ `UPDATE bookings SET status = 'PAID' WHERE id = $1`, [paid.id]);
    await db.pool.query(/* sql */ `UPDATE seats SET status = 'sold' WHERE booking_id = $1`, [paid.id]);

    const cancellation = envelopeOf('event.cancelled', { event_id: event.event_id, reason: 'venue flooded', cancelled_at: new Date().toISOString() });
    await deliver(db.pool, booking, cancellation);

    const statuses = await db.pool.query<{ id: string; status: string }>(/* sql */ `SELECT id, status FROM bookings WHERE event_id = $1`, [
      event.event_id,
    ]);
    expect(Object.fromEntries(statuses.rows.map((r) => [r.id, r.status]))).toEqual({
      [pending[0]!.id]: 'CANCELLED',
      [pending[1]!.id]: 'CANCELLED',
      [paid.id]: 'PAID',
    });
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ sold: 2, void: 8 });
    const items = await db.pool.query<{ booking_id: string; active: boolean }>(
      /* sql */ `SELECT DISTINCT booking_id, active FROM booking_items WHERE booking_id = ANY($1::uuid[])`,
      [[...pending.map((b) => b.id), paid.id]],
    );
    expect(Object.fromEntries(items.rows.map((r) => [r.booking_id, r.active]))).toEqual({
      [pending[0]!.id]: false,
      [pending[1]!.id]: false,
      [paid.id]: true,
    });
    const outbox = await db.pool.query<{ aggregate_id: string; reason: string }>(
      /* sql */ `SELECT aggregate_id, payload->>'reason' AS reason FROM outbox WHERE type = 'booking.cancelled' AND aggregate_id = ANY($1::uuid[])`,
      [[...pending.map((b) => b.id), paid.id]],
    );
    expect(outbox.rows.map((r) => `${r.aggregate_id}:${r.reason}`).sort()).toEqual(pending.map((b) => `${b.id}:event_cancelled`).sort());

    // Delivered again (the consumer's inbox would stop this; the effect is idempotent regardless).
    await deliver(db.pool, booking, envelopeOf('event.cancelled', cancellation.data));
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ sold: 2, void: 8 });
    await expect(
      booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 1, section: '', idempotencyKey: '' }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_AVAILABLE' });
  });

  it('leaves no hold standing on an event cancelled while holds race it', async () => {
    const event = await createEvent(db.pool, booking, [seated('HALL', 10, 10)]);
    const hold = (quantity: number) =>
      booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity, section: '', idempotencyKey: '' }).catch(() => undefined);
    const cancellation = envelopeOf('event.cancelled', { event_id: event.event_id, reason: 'storm', cancelled_at: new Date().toISOString() });

    // Holds before, during and after the cancellation's transaction; some win, some are refused.
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => hold(1 + (i % 4))),
      deliver(db.pool, booking, cancellation),
      ...Array.from({ length: 20 }, () => hold(2)),
    ]);

    const { rows } = await db.pool.query<{ status: string; n: number }>(
      /* sql */ `SELECT status, count(*)::int AS n FROM bookings WHERE event_id = $1 GROUP BY status`,
      [event.event_id],
    );
    expect(rows.filter((row) => row.status !== 'CANCELLED')).toEqual([]);
    expect(await seatStatusCounts(db.pool, event.event_id)).toEqual({ void: 100 });
  });

  it('keeps an event cancelled when its cancellation overtakes its creation, with its seats void', async () => {
    const snapshot = eventSnapshot([generalAdmission('FLOOR', 3)]);
    await deliver(db.pool, booking, envelopeOf('event.cancelled', { event_id: snapshot.event_id, reason: 'x', cancelled_at: new Date().toISOString() }));
    await deliver(db.pool, booking, envelopeOf('event.created', snapshot));

    const projection = await db.pool.query(/* sql */ `SELECT status, name FROM events WHERE id = $1`, [snapshot.event_id]);
    expect(projection.rows[0]).toEqual({ status: 'cancelled', name: snapshot.name });
    expect(await seatStatusCounts(db.pool, snapshot.event_id)).toEqual({ void: 3 });
  });
});
