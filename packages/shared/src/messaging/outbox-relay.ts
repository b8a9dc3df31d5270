import { escapeIdentifier, type Pool } from 'pg';
import type { Registry } from 'prom-client';
import { observeOutbox } from '../metrics/outbox-metrics';
import { withTransaction } from '../db/transaction';
import type { Logger } from '../logger';
import { backoffDelay, createAlarm } from './backoff';
import type { Broker } from './broker';
import { toOutgoingMessage, type OutboxRow } from './outbox-message';
import { onOutboxCommit } from './outbox-signal';

export interface OutboxRelayOptions {
  pool: Pool;
  /** The schema whose `outbox` table this relay drains. */
  schema: string;
  broker: Broker;
  logger: Logger;
  /** How often to look for rows no commit in this process announced (another process wrote them). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Backoff after a failed round: doubles from the base up to the max. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Where to report the backlog and the oldest unpublished row's age (`observeOutbox`). */
  metrics?: Registry;
}

export interface OutboxRelay {
  /** Publishes everything pending now; resolves with the count. For tests and shutdown. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Publishes the rows `enqueueEvent` wrote, at least once each. Every round claims up to
 * `batchSize` pending rows with `FOR UPDATE SKIP LOCKED` (so N relays share the table without
 * publishing a row twice), publishes them on a confirm channel, and marks them published in the
 * same transaction only once the broker has confirmed them all. A failed publish rolls back: the
 * rows stay pending and the round is retried with backoff.
 *
 * Woken when a transaction of this process that wrote outbox rows commits (onOutboxCommit), with
 * polling as the fallback for rows written elsewhere. Ordering is by `created_at`
 * within a batch only; consumers must not rely on a global order.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, schema, broker, logger, pollIntervalMs = 1_000, batchSize = 100 } = options;
  const { retryBaseMs = 200, retryMaxMs = 10_000 } = options;
  const table = `${escapeIdentifier(schema)}.outbox`;
  const log = logger.child({ component: 'outbox-relay', schema });
  if (options.metrics) observeOutbox(options.metrics, pool, schema);
  const work = createAlarm();
  const retry = createAlarm();
  let stopped = false;
  // Rounds of one relay run one at a time, so flush() never skips rows this relay holds.
  let tail: Promise<unknown> = Promise.resolve();

  const publishBatch = () =>
    withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<OutboxRow>(
        /* sql */ `
        SELECT id, type, version, aggregate_id, payload, headers, created_at
        FROM ${table}
        WHERE published_at IS NULL
        ORDER BY created_at, id
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await broker.publish(rows.map(toOutgoingMessage));
      await tx.query(/* sql */ `UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });

  const drain = async () => {
    let total = 0;
    for (;;) {
      const published = await publishBatch();
      total += published;
      if (published < batchSize || stopped) return total;
    }
  };

  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };

  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      try {
        const published = await exclusive(drain);
        if (published > 0) log.debug({ published }, 'outbox rows published');
        failures = 0;
      } catch (error) {
        const delay = backoffDelay(failures++, retryBaseMs, retryMaxMs);
        log.warn({ err: error, retry_in_ms: delay }, 'outbox publish failed; rows stay pending');
        // Commits do not cut this wait short (they would hammer a broker that is down);
        // the broker coming back does.
        await retry.wait(delay);
        continue;
      }
      await work.wait(pollIntervalMs);
    }
  };

  const stopWatchingCommits = onOutboxCommit(() => work.ring());
  const stopWatchingBroker = broker.onReady(() => {
    retry.ring();
    work.ring();
  });
  const running = loop();

  return {
    flush: () => exclusive(drain),

    async stop() {
      stopped = true;
      stopWatchingBroker();
      work.ring();
      retry.ring();
      stopWatchingCommits();
      await running;
    },
  };
}
