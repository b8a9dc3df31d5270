import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import { deadLetterExchangeOf, parkingQueueOf } from '../messaging/topology';

export interface TestBrokerNames {
  /** `ticres.events.test.<random>`: an exchange of this run's own. */
  exchange: string;
  /** `test.<random>.`: prefix every queue of this run with it. */
  queuePrefix: string;
}

/** AMQP URL of the test broker: TEST_AMQP_URL, or the local guest default. */
export const testAmqpUrl = (): string => process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Exchange and queue names no other test run uses, so runs on one broker never see each other. */
export function testBrokerNames(): TestBrokerNames {
  const id = randomBytes(6).toString('hex');
  return { exchange: `ticres.events.test.${id}`, queuePrefix: `test.${id}.` };
}

export interface TestTopology {
  exchange: string;
  queues: readonly string[];
}

/** Deletes the queues (and their `.dead` parking queues), the exchange and its dead-letter exchange. */
export async function deleteTestTopology(url: string, { exchange, queues }: TestTopology): Promise<void> {
  const connection = await connect(url);
  try {
    const names = queues.flatMap((queue) => [queue, parkingQueueOf(queue)]);
    // One channel per deletion: a failed one closes its channel and must not stop the others.
    for (const queue of names) {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
    for (const name of [exchange, deadLetterExchangeOf(exchange)]) {
      const channel = await connection.createChannel();
      await channel.deleteExchange(name).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}
