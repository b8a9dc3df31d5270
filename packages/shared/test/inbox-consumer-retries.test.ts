import { PermanentMessageError, REQUEST_ID_HEADER, type EventHandler } from '../src';
import { captureLogs } from '../src/testing';
import { readyCount, takeOne } from './support/amqp';
import { cancellationEnvelope } from './support/envelopes';
import { useInboxFixture } from './support/inbox-fixture';
import { waitUntil } from './support/wait';

describe('inbox consumer retries', () => {
  const fixture = useInboxFixture();
  const { url, newQueue, consume, consumeCounting, recordEffect, effectsOf, publish, stopAndExpectDrained } = fixture;

  it('retries a failing handler with growing backoff until it succeeds, applying it once', async () => {
    const queue = newQueue();
    const callTimes: number[] = [];
    await consume({
      queue,
      retryBaseMs: 150,
      handlers: {
        'event.cancelled': async (event, tx) => {
          callTimes.push(Date.now());
          await recordEffect()(event, tx);
          if (callTimes.length < 3) throw new Error(`transient failure ${callTimes.length}`); // rolls the effect back
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await effectsOf(envelope.id)) > 0, { what: 'success after retries' });
    await stopAndExpectDrained(queue);
    expect(callTimes).toHaveLength(3);
    expect(await effectsOf(envelope.id)).toBe(1);
    // 150 ms * 2^x-delivery-count: 150 ms before the first redelivery, 300 ms before the second.
    const [first = 0, second = 0, third = 0] = callTimes;
    expect(second - first).toBeGreaterThanOrEqual(150);
    expect(third - second).toBeGreaterThanOrEqual(300);
  });

  it('logs what it does for a message, the handler’s lines and its own retry line, with the request id the message carries', async () => {
    const queue = newQueue();
    const { logger, lines } = captureLogs();
    let calls = 0;
    await consume({
      queue,
      logger,
      handlers: {
        'event.cancelled': async (event, tx) => {
          logger.info({ attempt: ++calls }, 'handling');
          await recordEffect()(event, tx);
          if (calls === 1) throw new Error('transient failure');
        },
      },
    });
    const envelope = cancellationEnvelope();

    await publish(envelope, 'event.cancelled', envelope.id, { [REQUEST_ID_HEADER]: 'req-9' });
    await waitUntil(async () => (await effectsOf(envelope.id)) > 0, { what: 'applied after a retry' });
    // The first delivery, its retry line, and the retried copy.
    expect(lines.map(({ msg, request_id }) => ({ msg, request_id }))).toEqual([
      { msg: 'handling', request_id: 'req-9' },
      { msg: 'event handler failed; will retry', request_id: 'req-9' },
      { msg: 'handling', request_id: 'req-9' },
    ]);
  });

  it('parks a message whose handler always fails after its last retry', async () => {
    const { queue, counter } = await consumeCounting(
      async () => {
        throw new Error('a failure that does not pass');
      },
      { deliveryLimit: 2 },
    );
    const envelope = cancellationEnvelope();

    await publish(envelope);
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { timeoutMs: 20_000, what: 'parked' });
    const parked = await takeOne(url, `${queue}.dead`);
    expect(parked?.properties.messageId).toBe(envelope.id);
    expect(parked?.properties.headers?.['ticres-retries']).toBe(2);
    expect(counter.calls).toBe(3); // the first delivery plus deliveryLimit retries
    expect(await readyCount(url, queue)).toBe(0);
    const { rows } = await fixture.db.pool.query('SELECT 1 FROM inbox WHERE message_id = $1', [envelope.id]);
    expect(rows).toEqual([]); // every failed attempt rolled its inbox row back
  });

  it.each<[string, EventHandler<'event.cancelled'>]>([
    [
      'throws PermanentMessageError',
      async (event) => {
        throw new PermanentMessageError(`no such event ${event.data.event_id}`);
      },
    ],
    [
      'fails on data Postgres refuses (SQLSTATE class 22)',
      async (event, tx) => {
        await tx.query('INSERT INTO parents (id) VALUES ($1)', [event.data.reason]); // not a UUID: 22P02
      },
    ],
  ])('parks at once, without retrying, a message whose handler %s', async (_, handler) => {
    const { queue, counter } = await consumeCounting(handler);
    const envelope = cancellationEnvelope('not-a-uuid');

    await publish(envelope);
    await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === 1, { what: 'parked' });
    const parked = await takeOne(url, `${queue}.dead`);
    expect(parked?.properties.messageId).toBe(envelope.id);
    expect(parked?.properties.headers?.['x-first-death-reason']).toBe('rejected');
    expect(parked?.properties.headers?.['ticres-retries']).toBeUndefined();
    expect(counter.calls).toBe(1);
  });

  describe('a flood of 50 poison messages, then normal traffic', () => {
    const POISON = 50;
    const poisonFlood = () => Array.from({ length: POISON }, () => cancellationEnvelope('poison'));
    const normalTraffic = () => Array.from({ length: 10 }, () => cancellationEnvelope('normal'));
    const appliedCount = async (envelopes: { id: string }[]) =>
      Number((await fixture.db.pool.query('SELECT count(*) FROM effects WHERE message_id = ANY($1)', [envelopes.map((e) => e.id)])).rows[0].count);

    it('applies the normal traffic while the poison waits for its retries outside the prefetch window, then parks the poison', async () => {
      const queue = newQueue();
      const poisonCalls = new Map<string, number>();
      await consume({
        queue,
        prefetch: 4,
        // Each poison message fails three times: 1 s and 2 s of waiting, then parked, about 3 s
        // after the flood. Held in their prefetch slots instead, 50 of them would take 4 slots
        // for at least 12 s before any normal message got one.
        retryBaseMs: 1_000,
        retryMaxMs: 2_000,
        deliveryLimit: 2,
        handlers: {
          'event.cancelled': async (event, tx) => {
            if (event.data.reason === 'poison') {
              poisonCalls.set(event.id, (poisonCalls.get(event.id) ?? 0) + 1);
              throw new Error('a dependency is failing for this message');
            }
            await recordEffect()(event, tx);
          },
        },
      });
      const poison = poisonFlood();
      const normal = normalTraffic();

      for (const envelope of poison) await publish(envelope);
      for (const envelope of normal) await publish(envelope);
      await waitUntil(async () => (await appliedCount(normal)) === normal.length, { timeoutMs: 30_000, what: 'normal traffic applied' });
      // Applied before the poison's retries ran out: not one poison message is parked yet.
      expect(await readyCount(url, `${queue}.dead`)).toBe(0);

      await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === POISON, { timeoutMs: 30_000, what: 'poison parked' });
      expect([...poisonCalls.values()]).toEqual(Array.from({ length: POISON }, () => 3));
      await stopAndExpectDrained(queue);
      expect(await appliedCount(poison)).toBe(0);
    });

    it('parks poison that can never apply at once, and applies the normal traffic', async () => {
      const queue = newQueue();
      let poisonCalls = 0;
      await consume({
        queue,
        prefetch: 4,
        retryBaseMs: 1_000,
        handlers: {
          'event.cancelled': async (event, tx) => {
            if (event.data.reason === 'poison') {
              poisonCalls += 1;
              throw new PermanentMessageError(`no such event ${event.data.event_id}`);
            }
            await recordEffect()(event, tx);
          },
        },
      });
      const normal = normalTraffic();

      for (const envelope of poisonFlood()) await publish(envelope);
      for (const envelope of normal) await publish(envelope);
      await waitUntil(async () => (await appliedCount(normal)) === normal.length, { what: 'normal traffic applied' });
      await waitUntil(async () => (await readyCount(url, `${queue}.dead`)) === POISON, { what: 'poison parked' });
      expect(poisonCalls).toBe(POISON); // each tried once, none retried
      await stopAndExpectDrained(queue);
    });
  });
});
