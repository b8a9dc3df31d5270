import { createBroker, startInboxConsumer, type Broker, type InboxConsumer, type Pool } from '@ticres/shared';
import { testAmqpUrl, testPublisherUsers } from '@ticres/shared/testing';
import type { BookingComponents } from '../../src/compose';
import { silentLogger } from './booking-database';

/**
 * Booking's consumer on `queue` of `exchange`, as the service runs it, with prefetch 1: messages
 * are applied one after another in queue order, so once a later message has taken effect every
 * earlier one has been handled (applied or deduplicated).
 */
export async function startBookingConsumer(
  pool: Pool,
  booking: BookingComponents,
  { exchange, queue }: { exchange: string; queue: string },
): Promise<{ broker: Broker; consumer: InboxConsumer }> {
  const broker = createBroker({ url: testAmqpUrl(), exchange, logger: silentLogger });
  await broker.ready();
  const consumer = await startInboxConsumer({
    broker,
    pool,
    queue,
    handlers: booking.eventHandlers,
    publishers: testPublisherUsers(),
    logger: silentLogger,
    prefetch: 1,
  });
  return { broker, consumer };
}
