import { EventEmitter } from 'node:events';
import { connect, type ConsumeMessage, type GetMessage, type Options } from 'amqplib';
import { brokerLoginOf } from '../../src';

/** Every message the exchange routes to a private queue of the test's own, as it arrives. */
export interface Capture {
  readonly messages: ConsumeMessage[];
  ids(): string[];
  /** Resolves once `predicate` holds for the messages so far; rejects after `timeoutMs`. */
  waitFor(predicate: (messages: ConsumeMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Binds again, after a test deleted and re-created the exchange. */
  rebind(): Promise<void>;
  close(): Promise<void>;
}

export async function captureMessages(url: string, exchange: string, pattern = '#'): Promise<Capture> {
  const connection = await connect(url);
  const channel = await connection.createChannel();
  const arrivals = new EventEmitter();
  const messages: ConsumeMessage[] = [];
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, pattern);
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      messages.push(message);
      arrivals.emit('message');
    },
    { noAck: true },
  );
  return {
    messages,
    ids: () => messages.map((message) => String(message.properties.messageId)),
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate(messages)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(messages)) return;
          clearTimeout(timer);
          arrivals.off('message', check);
          resolve();
        };
        const timer = setTimeout(() => {
          arrivals.off('message', check);
          reject(new Error(`captured ${messages.length} message(s); condition not met after ${timeoutMs} ms`));
        }, timeoutMs);
        arrivals.on('message', check);
      });
    },
    async rebind() {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.bindQueue(queue, exchange, pattern);
    },
    async close() {
      await connection.close();
    },
  };
}

/**
 * Publishes exactly what a test hands it, duplicates and garbage included, with confirms. Messages
 * carry the connection's user as `user_id`, as `createBroker` sends them, unless `options` say otherwise.
 */
export interface RawPublisher {
  publish(exchange: string, routingKey: string, body: Buffer | string, options?: Options.Publish): Promise<void>;
  close(): Promise<void>;
}

export async function openRawPublisher(url: string): Promise<RawPublisher> {
  const connection = await connect(url);
  const channel = await connection.createConfirmChannel();
  const { user } = brokerLoginOf(url);
  return {
    publish: (exchange, routingKey, body, options = {}) =>
      new Promise((resolve, reject) => {
        const content = typeof body === 'string' ? Buffer.from(body) : body;
        channel.publish(exchange, routingKey, content, { persistent: true, userId: user, ...options }, (error: Error | null) =>
          error ? reject(error) : resolve(),
        );
      }),
    async close() {
      await connection.close();
    },
  };
}

/** Ready messages in a queue, as the broker counts them (unacked deliveries not included). */
export async function readyCount(url: string, queue: string): Promise<number> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

/** Takes (and acks) the next message of a queue, e.g. a parked one, to look at its headers. */
export async function takeOne(url: string, queue: string): Promise<GetMessage | undefined> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    return (await channel.get(queue, { noAck: true })) || undefined;
  } finally {
    await connection.close();
  }
}
