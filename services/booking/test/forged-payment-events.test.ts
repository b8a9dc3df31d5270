import { createBroker, startInboxConsumer, type Broker, type EventEnvelope, type InboxConsumer } from '@ticres/shared';
import { createTestBrokerUsers, type TestBrokerUsers } from '@ticres/shared/testing';
import type { BookingComponents } from '../src/compose';
import {
  composeForTest,
  createBookingTestDatabase,
  createEvent,
  customer,
  seated,
  silentLogger,
  type BookingTestDatabase,
} from './support/booking-database';
import { bookingRow, paidEnvelope, paymentOf } from './support/payments';

/**
 * The attack of issue 10: a hand-made `booking.paid` published by someone other than payment (here
 * the broker's default user, which has every right on the vhost) must not turn a booking PAID.
 * Booking consumes as its own broker user, with the permissions a deployment gives it.
 */
describe('booking.paid not sent by payment', () => {
  const exchange = 'ticres.events';
  const queue = 'booking';
  let db: BookingTestDatabase;
  let booking: BookingComponents;
  let users: TestBrokerUsers;
  let broker: Broker;
  let consumer: InboxConsumer;
  /** The broker's default user, with every right on the vhost: the attacker of the issue. */
  let defaultUser: Broker;
  let inspector: ReturnType<Broker['openChannel']>;
  /** Payment's own user, as the payment service connects. */
  let payment: Broker;

  beforeAll(async () => {
    db = await createBookingTestDatabase({ poolSize: 5 });
    booking = composeForTest(db.pool);
    users = await createTestBrokerUsers({ exchange, queues: { booking: queue, payment: 'payment', notifier: 'notifier' } });
    broker = createBroker({ url: users.urlOf('booking'), exchange, logger: silentLogger });
    await broker.ready();
    consumer = await startInboxConsumer({
      broker,
      pool: db.pool,
      queue,
      handlers: booking.eventHandlers,
      publishers: users.publishers,
      logger: silentLogger,
      prefetch: 1,
    });
    defaultUser = createBroker({ url: users.adminUrl, exchange, logger: silentLogger });
    payment = createBroker({ url: users.urlOf('payment'), exchange, logger: silentLogger });
    await Promise.all([defaultUser.ready(), payment.ready()]);
    inspector = defaultUser.openChannel('inspector', async () => undefined);
    await inspector.ready(10_000);
  });

  afterAll(async () => {
    await consumer?.stop();
    await Promise.all([broker, defaultUser, payment].map((open) => open?.close()));
    await users?.delete();
    await db.drop();
  });

  const toMessage = (envelope: EventEnvelope) => ({
    routingKey: envelope.type,
    body: Buffer.from(JSON.stringify(envelope)),
    options: { persistent: true, messageId: envelope.id, contentType: 'application/json' },
  });

  /** A message with no `user_id` at all. */
  function publishRaw(envelope: EventEnvelope): void {
    inspector.current()!.publish(exchange, envelope.type, Buffer.from(JSON.stringify(envelope)), { messageId: envelope.id, persistent: true });
  }

  async function parked(): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const message = await inspector.current()!.get(`${queue}.dead`, { noAck: true });
      if (!message) return ids;
      ids.push(String(message.properties.messageId));
    }
  }

  async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function heldBooking() {
    const event = await createEvent(db.pool, booking, [seated('HALL', 1, 4)]);
    return booking.holdSeats(customer(), { eventId: event.event_id, seatIds: [], quantity: 2, section: '', idempotencyKey: '' });
  }

  it("parks one from the default user (user_id its own, or none) and leaves the booking PENDING; payment's own is applied", async () => {
    const target = await heldBooking();
    const withUserId = paidEnvelope(paymentOf(target));
    const withoutUserId = paidEnvelope(paymentOf(target));

    // createBroker stamps user_id with its own user, which the broker checked; the raw one has none.
    await defaultUser.publish([toMessage(withUserId)]);
    publishRaw(withoutUserId);
    const seen: string[] = [];
    await eventually(async () => {
      seen.push(...(await parked()));
      return seen.length >= 2;
    }, 'both forged messages parked');

    expect(seen.sort()).toEqual([withUserId.id, withoutUserId.id].sort());
    expect((await bookingRow(db.pool, target.id)).status).toBe('PENDING');
    const inbox = await db.pool.query(/* sql */ `SELECT 1 FROM inbox WHERE message_id = ANY($1::uuid[])`, [[withUserId.id, withoutUserId.id]]);
    expect(inbox.rows).toEqual([]);

    // The same message from payment's own user is what turns a booking PAID.
    const genuine = paidEnvelope(paymentOf(target));
    await payment.publish([toMessage(genuine)]);
    await eventually(async () => (await bookingRow(db.pool, target.id)).status === 'PAID', 'paid by payment');
  });
});
