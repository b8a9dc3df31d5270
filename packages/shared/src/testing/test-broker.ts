import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import { deadLetterExchangeOf, parkingQueueOf, retryQueueOf } from '../messaging/topology';

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

/** Retry queues of a consumer are declared from step 0 on, without gaps: take them until one is missing. */
const MAX_RETRY_STEPS = 64;

/**
 * Deletes the queues (with their `.dead` parking queues and `.retry.<n>` retry queues), the
 * exchange and its dead-letter exchange.
 */
export async function deleteTestTopology(url: string, { exchange, queues }: TestTopology): Promise<void> {
  const connection = await connect(url);
  // One channel per operation: a failed one closes its channel and must not stop the others.
  const deleteQueue = async (queue: string, onlyIfExists = false): Promise<boolean> => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined); // a missing queue closes the channel with a 404: expected here
    try {
      if (onlyIfExists) await channel.checkQueue(queue);
      await channel.deleteQueue(queue);
      return true;
    } catch {
      return false;
    } finally {
      await channel.close().catch(() => undefined);
    }
  };
  try {
    for (const queue of queues) {
      await deleteQueue(queue);
      await deleteQueue(parkingQueueOf(queue));
      for (let step = 0; step < MAX_RETRY_STEPS && (await deleteQueue(retryQueueOf(queue, step), true)); step += 1);
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
