import { EventEmitter } from 'node:events';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from '../logger';
import { backoffDelay } from './backoff';

export interface ManagedChannelOptions<C extends Channel> {
  name: string;
  manager: AmqpConnectionManager;
  logger: Logger;
  /** Creates the raw channel: `createChannel` or `createConfirmChannel`. */
  open: (connection: ChannelModel) => Promise<C>;
  /** Declares what the channel needs (topology, prefetch, consumers); runs on every new channel. */
  setup: (channel: C) => Promise<void>;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * An amqplib channel that is opened again, and set up again, after the connection comes back or
 * after the broker closed the channel alone (e.g. a 404 on a deleted exchange).
 *
 * amqp-connection-manager's own ChannelWrapper only reopens after a lost *connection*, and
 * buffers publishes in memory until then; the outbox already is the buffer, so publishing here
 * fails fast instead, and the relay retries from the table.
 */
export interface ManagedChannel<C extends Channel> {
  /** The open, set-up channel; undefined while (re)opening. */
  current(): C | undefined;
  /** Resolves once a channel is set up; rejects after `timeoutMs` naming the last failure. */
  ready(timeoutMs: number): Promise<void>;
  /** Calls `listener` after each successful (re)open; returns a function that unsubscribes. */
  onReady(listener: (channel: C) => void): () => void;
  close(): Promise<void>;
}

export function createManagedChannel<C extends Channel>(options: ManagedChannelOptions<C>): ManagedChannel<C> {
  const { name, manager, logger, open, setup, retryBaseMs = 200, retryMaxMs = 10_000 } = options;
  const events = new EventEmitter();
  let channel: C | undefined;
  let opening = false;
  let closed = false;
  let failures = 0;
  let lastError: Error | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleRetry = (connection: ChannelModel) => {
    if (closed || retryTimer) return;
    const delay = backoffDelay(failures++, retryBaseMs, retryMaxMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      // A connection that died meanwhile is not retried: the manager's next 'connect' reopens.
      if (manager.connection === connection) void openOn(connection);
    }, delay);
  };

  const openOn = async (connection: ChannelModel): Promise<void> => {
    if (closed || opening || channel) return;
    opening = true;
    let candidate: C | undefined;
    try {
      candidate = await open(connection);
      const opened = candidate;
      // Without a listener, a channel error (406, 404) would be an uncaught 'error' event.
      opened.on('error', (error: Error) => logger.warn({ err: error, channel: name }, 'amqp channel error'));
      opened.once('close', () => {
        if (channel === opened) channel = undefined;
        if (!closed) scheduleRetry(connection);
      });
      await setup(opened);
      if (closed) {
        await opened.close().catch(() => undefined);
        return;
      }
      channel = opened;
      failures = 0;
      lastError = undefined;
      events.emit('ready', opened);
    } catch (error) {
      lastError = error as Error;
      logger.error({ err: error, channel: name }, 'amqp channel setup failed; retrying');
      await candidate?.close().catch(() => undefined);
      scheduleRetry(connection);
    } finally {
      opening = false;
    }
  };

  const onConnect = ({ connection }: { connection: ChannelModel }) => {
    failures = 0;
    void openOn(connection);
  };
  manager.on('connect', onConnect);
  if (manager.connection) void openOn(manager.connection);

  return {
    current: () => channel,

    ready(timeoutMs) {
      if (channel) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('ready', onReady);
          const cause = lastError ? `: ${lastError.message}` : '';
          reject(new Error(`AMQP channel ${name} not ready after ${timeoutMs} ms${cause}`));
        }, timeoutMs);
        events.once('ready', onReady);
      });
    },

    onReady(listener) {
      events.on('ready', listener);
      return () => events.off('ready', listener);
    },

    async close() {
      closed = true;
      clearTimeout(retryTimer);
      manager.off('connect', onConnect);
      events.removeAllListeners();
      const open = channel;
      channel = undefined;
      await open?.close().catch(() => undefined);
    },
  };
}
