import { connect } from 'amqplib';
import type { EventHandler } from '../src';
import { testPublisherUsers } from '../src/testing';
import { readyCount, takeOne } from './support/amqp';
import { body, cancellationEnvelope } from './support/envelopes';
import { useInboxFixture } from './support/inbox-fixture';
import { waitUntil } from './support/wait';

describe('inbox consumer', () => {
  const fixture = useInboxFixture();
  const { url, exchange, newQueue, consume, recordEffect, effectsOf, publish, stopAndExpectDrained } = fixture;

  it('declares its quorum queue with a delivery limit and dead-lettering, and a parking queue', async () => {
    const queue = newQueue();
    await consume({ queue, handlers: { 'event.cancelled': recordEffect() } });
    const connection = await connect(url);
    try {
      const channel = await connection.createChannel();
      // Re-declaring with the same arguments succeeds; any other argument would be a 406.
      await channel.assertQueue(queue, {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-delivery-limit': 5,
          'x-dead-letter-exchange': `${exchange}.dlx`,
          'x-dead-letter-routing-key': queue,
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
        },
      });
      await channel.checkQueue(`${queue}.dead`);
      // One retry queue per wait of the backoff ladder (10 ms doubling up to the 10 s default
      // maximum: 10 steps of 10 ms .. 5.12 s, then 10 s), each dead-lettering back to the queue.
      for (let step = 0; step <= 10; step += 1) {
        await channel.assertQueue(`${queue}.retry.${step}`, {
          durable: true,
          arguments: {
            'x-queue-type': 'quorum',
            'x-dead-letter-exchange': '',
            'x-dead-letter-routing-key': queue,
            'x-dead-letter-strategy': 'at-least-once',
            'x-overflow': 'reject-publish',
          },
        });
      }
      channel.on('error', () => undefined);
      await expect(channel.checkQueue(`${queue}.retry.11`)).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await connection.close();
    }
  });

  it('applies a message delivered twice once', async () => {
    const queue = newQueue();
    await consume({ queue, handlers: { 'event.cancelled': recordEffect() } });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await effectsOf(envelope.id)) > 0, { what: 'first delivery applied' });
    await publish(envelope);
    await waitUntil(async () => (await readyCount(url, queue)) === 0, { what: 'second delivery taken' });

    await stopAndExpectDrained(queue);
    expect(await effectsOf(envelope.id)).toBe(1);
  });

  it('applies copies delivered to two consumers at the same time once', async () => {
    const queue = newQueue();
    const slowEffect =
      (name: string): EventHandler<'event.cancelled'> =>
      async (event, tx) => {
        await tx.query('SELECT pg_sleep(0.05)'); // widens the window in which copies overlap
        await recordEffect(name)(event, tx);
      };
    await consume({ queue, prefetch: 8, handlers: { 'event.cancelled': slowEffect('a') } });
    await consume({ broker: fixture.otherBroker, queue, prefetch: 8, handlers: { 'event.cancelled': slowEffect('b') } });
    const envelopes = Array.from({ length: 10 }, () => cancellationEnvelope());

    await Promise.all(envelopes.flatMap((envelope) => Array.from({ length: 5 }, () => publish(envelope))));
    const ids = envelopes.map((envelope) => envelope.id);
    await waitUntil(
      async () =>
        Number((await fixture.db.pool.query('SELECT count(DISTINCT message_id) FROM effects WHERE message_id = ANY($1)', [ids])).rows[0].count) ===
        envelopes.length,
      { what: 'every message applied' },
    );
    await waitUntil(async () => (await readyCount(url, queue)) === 0, { what: 'every copy taken' });

    await stopAndExpectDrained(queue);
    const { rows } = await fixture.db.pool.query<{ message_id: string; n: string }>(
      'SELECT message_id, count(*) AS n FROM effects WHERE message_id = ANY($1) GROUP BY message_id',
      [ids],
    );
    expect(rows).toHaveLength(envelopes.length);
    expect(rows.filter((row) => row.n !== '1')).toEqual([]);
    const appliedBy = await fixture.db.pool.query('SELECT DISTINCT consumer FROM effects WHERE message_id = ANY($1)', [ids]);
    expect(appliedBy.rowCount).toBe(2); // both consumers took part
  });

  it('parks a body that is not JSON without calling any handler', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async () => {
          calls += 1;
        },
      },
    });

    await fixture.publisher.publish(exchange, 'event.cancelled', Buffer.from('{"id": not json'), { messageId: 'garbage' });
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
    const parked = await takeOne(url, `${queue}.dead`);
    expect(parked?.properties.messageId).toBe('garbage');
    // Rejected at once, not retried until the delivery limit gave up on it.
    expect(parked?.properties.headers?.['x-first-death-reason']).toBe('rejected');
    expect(calls).toBe(0);
  });

  it('parks an envelope of a type it has no handler for', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async () => {
          calls += 1;
        },
      },
    });

    await publish({ ...cancellationEnvelope(), type: 'event.updated' });
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
    expect((await takeOne(url, `${queue}.dead`))?.properties.headers?.['x-first-death-reason']).toBe('rejected');
    expect(calls).toBe(0);
  });

  it('stops receiving a type it retired: the binding an earlier version made is removed, and nothing is parked', async () => {
    const queue = newQueue();
    const applied = recordEffect();
    await consume({ queue, handlers: { 'event.cancelled': applied, 'event.updated': async () => undefined } });
    await stopAndExpectDrained(queue);
    await consume({ queue, handlers: { 'event.cancelled': applied }, retiredTypes: ['event.updated'] });

    const afterIt = cancellationEnvelope();
    await publish({ ...cancellationEnvelope(), type: 'event.updated' }, 'event.updated');
    await publish(afterIt);
    await waitUntil(async () => (await effectsOf(afterIt.id)) > 0, { what: 'the message published after it applied' });
    await stopAndExpectDrained(queue);
    expect(await readyCount(url, `${queue}.dead`)).toBe(0);
  });

  describe('accepts a type only from its publisher', () => {
    // The raw publisher connects as the test broker's user, whose user_id the broker vouches for.
    const brokerUser = testPublisherUsers(url).catalog;

    it.each([
      ["whose user_id is another service's user", { catalog: 'ticres-catalog-elsewhere' }, {}],
      ['that carries no user_id', {}, { userId: undefined }],
    ])('parks an event.cancelled %s, unapplied', async (_name, publishers, options) => {
      const queue = newQueue();
      await consume({
        queue,
        handlers: { 'event.cancelled': recordEffect() },
        publishers: { ...testPublisherUsers(url), ...publishers },
      });
      const envelope = cancellationEnvelope();

      await fixture.publisher.publish(exchange, 'event.cancelled', body(envelope), { messageId: envelope.id, ...options });
      await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
      const parked = await takeOne(url, `${queue}.dead`);
      expect(parked?.properties.messageId).toBe(envelope.id);
      expect(parked?.properties.headers?.['x-first-death-reason']).toBe('rejected');
      expect(await effectsOf(envelope.id)).toBe(0);
    });

    it("applies it when user_id is its publisher's user", async () => {
      const queue = newQueue();
      await consume({
        queue,
        handlers: { 'event.cancelled': recordEffect() },
        publishers: { catalog: brokerUser, booking: 'ticres-booking-elsewhere', payment: 'ticres-payment-elsewhere' },
      });
      const envelope = cancellationEnvelope();

      await publish(envelope);
      await waitUntil(async () => (await effectsOf(envelope.id)) === 1, { what: 'applied' });
    });
  });

  it('acks only after commit: a transaction that fails at COMMIT is redelivered, not lost', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async (event, tx) => {
          calls += 1;
          // The deferred foreign key is only checked at COMMIT: the first attempt fails there.
          if (calls > 1) await tx.query('INSERT INTO parents (id) VALUES ($1)', [event.aggregate_id]);
          await tx.query('INSERT INTO children (parent_id) VALUES ($1)', [event.aggregate_id]);
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await fixture.db.pool.query('SELECT 1 FROM children WHERE parent_id = $1', [envelope.aggregate_id])).rowCount === 1, {
      what: 'applied on redelivery',
    });
    expect(calls).toBe(2);
  });

  it('does not ack a message whose handler swallowed a failed query (aborted transaction)', async () => {
    const queue = newQueue();
    let calls = 0;
    await consume({
      queue,
      handlers: {
        'event.cancelled': async (event, tx) => {
          calls += 1;
          if (calls === 1) {
            await tx.query('SELECT 1 / 0').catch(() => undefined); // the transaction is now aborted
            return;
          }
          await recordEffect()(event, tx);
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await effectsOf(envelope.id)) === 1, { what: 'applied on redelivery' });
    expect(calls).toBe(2);
  });
});
