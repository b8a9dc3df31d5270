import { Client, escapeIdentifier, type Pool } from 'pg';
import type { Logger } from '../logger';
import { backoffDelay } from './backoff';

export interface OutboxListenerOptions {
  pool: Pool;
  /** The NOTIFY channel: `outbox_<schema>`, as `enqueueEvent` notifies it. */
  channel: string;
  logger: Logger;
  /** Called on each notification, and after every (re)LISTEN, since notifications sent while
   * the listener was away are lost. */
  onWake: () => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface OutboxListener {
  close(): Promise<void>;
}

/**
 * LISTENs on a dedicated connection, not one of the pool's, so the relay never shrinks the pool a
 * service's requests use. A dropped connection (database restart, terminated backend) is opened
 * again with backoff, and LISTEN issued again.
 */
export function listenForOutbox(options: OutboxListenerOptions): OutboxListener {
  const { pool, channel, logger, onWake, retryBaseMs = 200, retryMaxMs = 10_000 } = options;
  const applicationName = `${pool.options.application_name ?? 'ticres'}:outbox-listener`;
  let client: Client | undefined;
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void listen();
    }, backoffDelay(failures++, retryBaseMs, retryMaxMs));
  };

  const listen = async () => {
    const candidate = new Client({ ...pool.options, application_name: applicationName, keepAlive: true });
    candidate.on('error', (error) => logger.warn({ err: error, channel }, 'outbox listener connection error'));
    candidate.on('end', () => {
      if (client === candidate) client = undefined;
      scheduleReconnect();
    });
    candidate.on('notification', (notification) => {
      if (notification.channel === channel) onWake();
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${escapeIdentifier(channel)}`);
      if (closed) {
        await candidate.end();
        return;
      }
      client = candidate;
      failures = 0;
      onWake();
    } catch (error) {
      logger.warn({ err: error, channel }, 'outbox listener could not LISTEN; retrying');
      await candidate.end().catch(() => undefined);
      scheduleReconnect();
    }
  };

  void listen();

  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
