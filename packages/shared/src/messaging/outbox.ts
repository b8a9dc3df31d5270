import { context, propagation } from '@opentelemetry/api';
import { afterCommit, writeWithCommit, type Queryable } from '../db/transaction';
import { newId } from '../ids';
import { currentRequestId, REQUEST_ID_HEADER } from '../request-id';
import { announceOutboxCommit } from './outbox-signal';
import { EVENT_VERSION, type EventDataByType, type EventType } from './events';
import { TRACE_HEADERS } from './trace-context';

export interface NewEvent<T extends EventType> {
  type: T;
  aggregateId: string;
  data: EventDataByType[T];
}

/**
 * Records an event in the caller's transaction, to be published by the outbox relay after commit;
 * returns its id, which is also the message id consumers deduplicate on. Call it in the same
 * transaction as the change the event describes: both commit, or neither does.
 *
 * The row keeps the `traceparent`/`tracestate` of the active OpenTelemetry context, so the trace
 * continues through the relay to every consumer, and the id of the request being served
 * (`x-request-id`), which consumers log. Inside withTransaction the row is written by the COMMIT's
 * message (writeWithCommit), with no round trip of its own. At commit it wakes this process's
 * relays (announceOutboxCommit); no NOTIFY: PostgreSQL serialises the commits of every transaction
 * that sends one, which caps a busy service's writes.
 *
 * Writes to the unqualified `outbox` of the pool's search_path. Each publishing service creates
 * the table in its own migration:
 * ```sql
 * CREATE TABLE outbox (
 *   id           uuid PRIMARY KEY,
 *   type         text NOT NULL,
 *   version      integer NOT NULL DEFAULT 1,
 *   aggregate_id uuid NOT NULL,
 *   payload      jsonb NOT NULL,
 *   headers      jsonb NOT NULL DEFAULT '{}',
 *   created_at   timestamptz NOT NULL DEFAULT now(),
 *   published_at timestamptz
 * );
 * CREATE INDEX outbox_pending ON outbox (created_at, id) WHERE published_at IS NULL;
 * ```
 * and each consuming service, for `startInboxConsumer`:
 * ```sql
 * CREATE TABLE inbox (
 *   message_id  uuid PRIMARY KEY,
 *   type        text NOT NULL,
 *   received_at timestamptz NOT NULL DEFAULT now()
 * );
 * ```
 */
export async function enqueueEvent<T extends EventType>(tx: Queryable, event: NewEvent<T>): Promise<string> {
  const id = newId();
  await writeWithCommit(
    tx,
    /* sql */ `
    INSERT INTO outbox (id, type, version, aggregate_id, payload, headers)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [id, event.type, EVENT_VERSION, event.aggregateId, JSON.stringify(event.data), JSON.stringify(messageHeaders())],
  );
  afterCommit(tx, announceOutboxCommit);
  return id;
}

function messageHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const kept: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = carrier[name];
    if (value !== undefined) kept[name] = value;
  }
  const requestId = currentRequestId();
  if (requestId) kept[REQUEST_ID_HEADER] = requestId;
  return kept;
}
