import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import {
  createBroker,
  formatPublisherUsers,
  listDeadLetters,
  parkingQueueOf,
  PermanentMessageError,
  replayDeadLetters,
  startInboxConsumer,
  type Broker,
  type DeadLetterQueue,
  type InboxConsumer,
} from '../src';
import { createTestBrokerUsers, type TestBrokerUsers } from '../src/testing';
import { body, cancellationEnvelope } from './support/envelopes';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';
import { waitUntil } from './support/wait';

const run = promisify(execFile);
const EXCHANGE = 'ticres.events';
const QUEUES = { booking: 'booking', payment: 'payment', notifier: 'notifier' };
const DLQ_MAIN = path.resolve(__dirname, '..', 'dist', 'messaging', 'dead-letters-main.js');

/**
 * Against the real broker, every service as its own user with a deployment's rights: booking's
 * consumer parks a message, the dead-letter command (as booking's user) lists it and replays it,
 * and the consumer applies the replayed copy once.
 */
describe('dead-lettered messages: list and replay', () => {
  const logger = testLogger();
  let users: TestBrokerUsers;
  let db: MessagingDatabase;
  let catalog: Broker;
  let booking: Broker;
  let consumer: InboxConsumer;
  let unlockBroker: (() => Promise<void>) | undefined;
  let target: DeadLetterQueue;
  /** While true the handler refuses every message for good, so it is parked at once. */
  let broken = true;
  const calls: string[] = [];

  beforeAll(async () => {
    unlockBroker = await lockBroker('shared');
    users = await createTestBrokerUsers({ exchange: EXCHANGE, queues: QUEUES });
    db = await createMessagingDatabase('CREATE TABLE effects (message_id uuid NOT NULL);');
    catalog = createBroker({ url: users.urlOf('catalog'), exchange: EXCHANGE, logger });
    booking = createBroker({ url: users.urlOf('booking'), exchange: EXCHANGE, logger });
    await Promise.all([catalog.ready(), booking.ready()]);
    consumer = await startInboxConsumer({
      broker: booking,
      pool: db.pool,
      queue: QUEUES.booking,
      publishers: users.publishers,
      logger,
      handlers: {
        'event.cancelled': async (event, tx) => {
          calls.push(event.id);
          if (broken) throw new PermanentMessageError('the handler cannot apply it yet');
          await tx.query('INSERT INTO effects (message_id) VALUES ($1)', [event.id]);
        },
      },
    });
    target = { url: users.urlOf('booking'), queue: QUEUES.booking, publishers: users.publishers };
  });

  afterAll(async () => {
    await consumer?.stop();
    await Promise.all([catalog?.close(), booking?.close()]);
    await db?.close();
    await users?.delete();
    await unlockBroker?.();
  });

  const effectsOf = async (id: string) => Number((await db.pool.query('SELECT count(*) FROM effects WHERE message_id = $1', [id])).rows[0].count);
  const messagesIn = async (queue: string) => {
    const connection = await connect(users.adminUrl);
    try {
      return (await (await connection.createChannel()).checkQueue(queue)).messageCount;
    } finally {
      await connection.close();
    }
  };
  const publishCancellation = async (from: Broker) => {
    const envelope = cancellationEnvelope();
    await from.publish([{ routingKey: 'event.cancelled', body: body(envelope), options: { messageId: envelope.id, persistent: true } }]);
    return envelope.id;
  };

  it('lists a parked message, replays it to its consumer, which applies it once, and refuses a forged one', async () => {
    const good = await publishCancellation(catalog);
    // The vhost's administrator may publish anything, but it is not catalog: parked unapplied.
    const admin = createBroker({ url: users.adminUrl, exchange: EXCHANGE, logger });
    let forged: string;
    try {
      await admin.ready();
      forged = await publishCancellation(admin);
    } finally {
      await admin.close();
    }
    await waitUntil(async () => (await listDeadLetters(target)).length === 2, { what: 'two parked messages' });

    const listed = await listDeadLetters(target);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: good, type: 'event.cancelled', sentBy: users.publishers.catalog, reason: 'rejected', refusal: null }),
        expect.objectContaining({ id: forged, refusal: expect.stringContaining(`not by ${users.publishers.catalog}`) }),
      ]),
    );
    expect(listed.find((letter) => letter.id === good)?.parkedAt).toEqual(expect.any(String));
    // Listing leaves them parked; the documented command shows the same as booking's user.
    const { stdout } = await run(process.execPath, [DLQ_MAIN, 'booking', 'list'], {
      env: { ...process.env, AMQP_URL: users.urlOf('booking'), AMQP_QUEUE: QUEUES.booking, AMQP_PUBLISHER_USERS: formatPublisherUsers(users.publishers) },
    });
    const printed = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(printed.map((letter) => letter.id).sort()).toEqual([good, forged].sort());
    expect(calls).toEqual([good]);

    broken = false;
    await expect(replayDeadLetters(target, 'all')).resolves.toEqual({
      replayed: [good],
      refused: [{ id: forged, refusal: expect.stringContaining('not by') }],
      notFound: [],
    });
    await waitUntil(async () => (await effectsOf(good)) === 1, { what: 'the replayed message applied' });

    await consumer.stop();
    expect(calls).toEqual([good, good]);
    expect(await effectsOf(good)).toBe(1);
    expect(await messagesIn(QUEUES.booking)).toBe(0);
    // The forged message stays parked; the replayed one is gone from the parking queue.
    expect(await messagesIn(parkingQueueOf(QUEUES.booking))).toBe(1);
    await expect(replayDeadLetters(target, [good])).resolves.toEqual({ replayed: [], refused: [], notFound: [good] });
    expect(await effectsOf(forged)).toBe(0);
  });
});
