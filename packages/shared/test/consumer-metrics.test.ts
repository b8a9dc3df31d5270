import { createMetricsRegistry, type MetricsRegistry } from '../src';
import { parsePrometheusText } from '../src/testing';
import { cancellationEnvelope } from './support/envelopes';
import { useInboxFixture } from './support/inbox-fixture';
import { waitUntil } from './support/wait';

describe('inbox consumer metrics', () => {
  const fixture = useInboxFixture();
  const { exchange, newQueue, consume, recordEffect, publish } = fixture;

  const scrape = async (registry: MetricsRegistry) => parsePrometheusText(await registry.metrics());

  it("counts applied, duplicate, retried and parked messages by type, and the parking queue's depth", async () => {
    const queue = newQueue();
    const registry = createMetricsRegistry('consumer-test');
    let failuresLeft = 1;
    await consume({
      queue,
      metrics: registry,
      handlers: {
        'event.cancelled': async (event, tx) => {
          if (failuresLeft-- > 0) throw new Error('fails once');
          await recordEffect()(event, tx);
        },
      },
    });
    const count = async (labels: Record<string, string>) => (await scrape(registry)).value('ticres_consumer_messages_total', { queue, ...labels });

    const envelope = cancellationEnvelope();
    await publish(envelope);
    await waitUntil(async () => (await count({ type: 'event.cancelled', outcome: 'applied' })) === 1, { what: 'applied after a retry' });
    expect(await count({ type: 'event.cancelled', outcome: 'retried' })).toBe(1);

    await publish(envelope);
    await waitUntil(async () => (await count({ type: 'event.cancelled', outcome: 'duplicate' })) === 1, { what: 'duplicate counted' });

    await fixture.publisher.publish(exchange, 'event.cancelled', Buffer.from('not json'), { messageId: 'garbage' });
    await waitUntil(async () => (await count({ type: 'unparsed', outcome: 'parked' })) === 1, { what: 'parked counted' });
    await waitUntil(async () => (await scrape(registry)).value('ticres_consumer_parked_messages', { queue }) === 1, {
      what: 'parking queue depth',
    });

    const final = await scrape(registry);
    expect(final.value('ticres_consumer_queue_messages', { queue })).toBe(0);
    // Handling time is observed for each message a handler applied or skipped, not for the failure.
    expect(final.value('ticres_consumer_handling_seconds_count', { queue, type: 'event.cancelled' })).toBe(2);
  });
});
