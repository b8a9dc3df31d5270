import { inspect } from 'node:util';
import { connect } from 'amqp-connection-manager';
import type { Channel, ChannelModel, ConfirmChannel, Options } from 'amqplib';
import type { Logger } from '../logger';
import { brokerLoginOf } from './broker-url';
import { createManagedChannel, type ManagedChannel } from './managed-channel';
import { deadLetterExchangeOf, declareExchanges } from './topology';
import { startProducerSpan, type MessageHeaders } from './trace-context';

export interface BrokerOptions {
  url: string;
  exchange: string;
  logger: Logger;
  /** Shown in the RabbitMQ UI; defaults to the logger's name. */
  connectionName?: string;
  /** First wait before reconnecting; doubles after each failed attempt up to `reconnectMaxMs`. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  heartbeatSeconds?: number;
  /** How long `publish` waits for the broker's confirms before it gives up. */
  publishTimeoutMs?: number;
}

/** One message for the event exchange. */
export interface OutgoingMessage {
  /** Another exchange than the event exchange: `''`, the default one, reaches a queue by its name. */
  exchange?: string;
  routingKey: string;
  body: Buffer;
  options: Options.Publish;
}

export interface Broker {
  readonly exchange: string;
  readonly deadLetterExchange: string;
  /** The broker user this connection logs in as: the `user_id` of everything it publishes. */
  readonly user: string;
  /** Resolves once connected and the topology exists; rejects after timeoutMs (default 15000). */
  ready(timeoutMs?: number): Promise<void>;
  isConnected(): boolean;
  close(): Promise<void>;
  /**
   * Publishes to the exchange on the confirm channel and resolves once the broker has confirmed
   * every message. Rejects at once when not connected, and on a nack, a lost channel or after
   * `publishTimeoutMs`: the caller keeps the messages and tries again later. Each message is
   * published in a PRODUCER span, a child of the `traceparent` its headers carry, so the trace of
   * the request that caused the event continues to its consumers.
   * Every message carries `user_id` = the user this connection logged in as, which RabbitMQ
   * checks (a message claiming another user is refused), so consumers can tell who sent it.
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Calls `listener` each time the broker is (re)connected and its topology declared. */
  onReady(listener: () => void): () => void;
  /** A channel on the shared connection that is reopened and set up again after any loss. */
  openChannel(name: string, setup: (channel: Channel) => Promise<void>): ManagedChannel<Channel>;
}

/**
 * One AMQP connection per process, reconnecting with exponential backoff, with a confirm channel
 * that declares the durable topic exchange `exchange` and its dead-letter exchange `<exchange>.dlx`.
 */
export function createBroker(options: BrokerOptions): Broker {
  const { url, exchange, logger, reconnectBaseMs = 500, reconnectMaxMs = 15_000, heartbeatSeconds = 5 } = options;
  const publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
  const { user } = brokerLoginOf(url);
  const boundName: unknown = logger.bindings().name;
  const connectionName = options.connectionName ?? (typeof boundName === 'string' ? boundName : 'ticres');
  const manager = connect([url], {
    heartbeatIntervalInSeconds: heartbeatSeconds,
    reconnectTimeInSeconds: reconnectBaseMs / 1000,
    // amqplib leaves Nagle's algorithm on: a publish, an ack or a confirm would often wait for the
    // peer's delayed ACK (~40 ms) before leaving.
    connectionOptions: { clientProperties: { connection_name: connectionName }, noDelay: true },
  });

  // The manager waits a fixed `reconnectTimeInSeconds` between attempts and reads it before each
  // wait, so growing it on failure and resetting it on success gives exponential backoff.
  let failedAttempts = 0;
  manager.on('connectFailed', ({ err }: { err: Error }) => {
    failedAttempts += 1;
    manager.reconnectTimeInSeconds = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** failedAttempts) / 1000;
    const log = failedAttempts === 1 ? logger.warn.bind(logger) : logger.debug.bind(logger);
    log({ err, attempt: failedAttempts }, 'amqp connection failed; retrying');
  });
  manager.on('connect', () => {
    if (failedAttempts > 0) logger.info({ attempts: failedAttempts }, 'amqp reconnected');
    failedAttempts = 0;
    manager.reconnectTimeInSeconds = reconnectBaseMs / 1000;
  });
  let closing = false;
  manager.on('disconnect', ({ err }: { err?: Error }) => {
    if (!closing) logger.warn({ err }, 'amqp connection lost');
  });
  manager.on('blocked', ({ reason }: { reason: string }) => logger.warn({ reason }, 'amqp connection blocked by the broker'));

  const channels = new Set<ManagedChannel<Channel>>();
  const openChannel = <C extends Channel>(
    name: string,
    open: (connection: ChannelModel) => Promise<C>,
    setup: (channel: C) => Promise<void>,
  ): ManagedChannel<C> => {
    const channel = createManagedChannel<C>({ name, manager, logger, open, setup });
    channels.add(channel);
    return {
      ...channel,
      async close() {
        channels.delete(channel);
        await channel.close();
      },
    };
  };

  const publisher = openChannel<ConfirmChannel>(
    'publisher',
    (c) => c.createConfirmChannel(),
    (channel) => declareExchanges(channel, exchange),
  );

  const publishConfirmed = (channel: ConfirmChannel, messages: readonly OutgoingMessage[]) =>
    new Promise<void>((resolve, reject) => {
      let unconfirmed = messages.length;
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () => settle(new Error(`broker did not confirm ${unconfirmed} message(s) within ${publishTimeoutMs} ms`)),
        publishTimeoutMs,
      );
      const onConfirm = (error: unknown) => {
        if (error) settle(error instanceof Error ? error : new Error(inspect(error)));
        else if (--unconfirmed === 0) settle();
      };
      try {
        for (const message of messages) {
          const target = message.exchange ?? exchange;
          const headers = message.options.headers as MessageHeaders | undefined;
          const span = startProducerSpan({ exchange: target, routingKey: message.routingKey, headers, messageId: message.options.messageId });
          // amqplib buffers past its high-water mark and only hints with `false`; a relay batch
          // is small and bounded, so the hint is not worth a wait here.
          channel.publish(target, message.routingKey, message.body, { ...message.options, headers: span.headers, userId: user }, (error: unknown) => {
            span.end(error);
            onConfirm(error);
          });
        }
      } catch (error) {
        settle(error as Error);
      }
      if (messages.length === 0) settle();
    });

  return {
    exchange,
    deadLetterExchange: deadLetterExchangeOf(exchange),
    user,

    ready: (timeoutMs = 15_000) => publisher.ready(timeoutMs),

    isConnected: () => manager.isConnected() && publisher.current() !== undefined,

    async publish(messages) {
      const channel = publisher.current();
      if (!channel) throw new Error('AMQP broker is not connected');
      await publishConfirmed(channel, messages);
    },

    onReady(listener) {
      return publisher.onReady(() => listener());
    },

    openChannel(name, setup) {
      return openChannel<Channel>(name, (c) => c.createChannel(), setup);
    },

    async close() {
      closing = true;
      await Promise.all([...channels].map((channel) => channel.close()));
      channels.clear();
      await manager.close();
    },
  };
}
