import { connect, type Options } from 'amqplib';
import { brokerLoginOf, createBroker, declareExchanges, EVENT_PUBLISHERS, startInboxConsumer, type BrokerService, type EventType } from '../src';
import { createTestBrokerUsers, type TestBrokerUsers } from '../src/testing';
import { body, cancellationEnvelope } from './support/envelopes';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';

/** The production names, in a vhost of this run's own. */
const EXCHANGE = 'ticres.events';
const QUEUES = { booking: 'booking', payment: 'payment', notifier: 'notifier' };

/**
 * Publishes one message on a fresh confirm channel; resolves with `confirmed`, or with the reason
 * the broker closed the channel (e.g. `ACCESS_REFUSED - ...`).
 */
async function publishAs(url: string, routingKey: string, options: Options.Publish = {}): Promise<string> {
  const connection = await connect(url);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createConfirmChannel();
    const closed = new Promise<string>((resolve) => channel.on('error', (error: Error) => resolve(error.message)));
    const confirmed = new Promise<string>((resolve) => {
      channel.publish(EXCHANGE, routingKey, body(cancellationEnvelope()), options, (error) => {
        if (!error) resolve('confirmed');
      });
    });
    return await Promise.race([confirmed, closed]);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

describe('broker permissions of each service (against the real broker)', () => {
  const logger = testLogger();
  let users: TestBrokerUsers;
  let unlockBroker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlockBroker = await lockBroker('shared');
    users = await createTestBrokerUsers({ exchange: EXCHANGE, queues: QUEUES });
    const admin = await connect(users.adminUrl);
    try {
      await declareExchanges(await admin.createChannel(), EXCHANGE);
    } finally {
      await admin.close();
    }
  });

  afterAll(async () => {
    await users?.delete();
    await unlockBroker?.();
  });

  it('refuses a booking.paid from the notifier, which may publish nothing (ACCESS_REFUSED)', async () => {
    expect(await publishAs(users.urlOf('notifier'), 'booking.paid')).toMatch(/ACCESS_REFUSED/);
  });

  it('refuses a booking.paid from booking, whose topic permission does not cover it (ACCESS_REFUSED)', async () => {
    expect(await publishAs(users.urlOf('booking'), 'booking.paid')).toMatch(/ACCESS_REFUSED.*booking\.paid/);
  });

  const everyPair = (['catalog', 'booking', 'payment', 'notifier'] as const).flatMap((service) =>
    (Object.keys(EVENT_PUBLISHERS) as EventType[]).map((type) => [service, type] as [BrokerService, EventType]),
  );
  it.each(everyPair)("lets %s publish %s only if it is the type's publisher", async (service, type) => {
    const url = users.urlOf(service);
    const outcome = await publishAs(url, type, { userId: brokerLoginOf(url).user });
    expect(outcome).toMatch(EVENT_PUBLISHERS[type] === service ? /^confirmed$/ : /ACCESS_REFUSED/);
  });

  it("refuses a message whose user_id is not the publishing connection's user (PRECONDITION_FAILED)", async () => {
    const outcome = await publishAs(users.urlOf('booking'), 'booking.confirmed', { userId: users.publishers.payment });
    expect(outcome).toMatch(/PRECONDITION_FAILED/);
  });

  it('refuses the notifier the queue of payment', async () => {
    const connection = await connect(users.urlOf('notifier'));
    connection.on('error', () => undefined);
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(channel.consume(QUEUES.payment, () => undefined)).rejects.toThrow(/ACCESS_REFUSED/);
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  describe('is enough for what the services do', () => {
    let db: MessagingDatabase;

    beforeAll(async () => {
      db = await createMessagingDatabase('');
    });

    afterAll(async () => {
      await db.close();
    });

    it.each(['booking', 'payment', 'notifier'] as const)('%s declares the exchanges, its queue and its parking queue, and consumes', async (service) => {
      const broker = createBroker({ url: users.urlOf(service), exchange: EXCHANGE, logger });
      try {
        await broker.ready();
        const consumer = await startInboxConsumer({
          broker,
          pool: db.pool,
          queue: QUEUES[service],
          handlers: { 'event.cancelled': async () => undefined },
          publishers: users.publishers,
          logger,
          startTimeoutMs: 5_000,
        });
        await consumer.stop();
      } finally {
        await broker.close();
      }
    });
  });
});
