import type { Logger, Pool, PoolClient } from '@ticres/shared';
import type { Redis } from 'ioredis';
import { createRedisEventCache, type OwedInvalidationRepayment } from './cache/redis-event-cache';
import type { CatalogConfig } from './config';
import { createEventRepository } from './db/event.repository';
import { createOwedInvalidationRepository } from './db/owed-invalidation.repository';
import { transactional } from './db/transactional';
import { createEventOutbox } from './messaging/event-outbox';
import { createCancelEvent, type CancelEvent } from './usecases/cancel-event';
import { createCreateEvent, type CreateEvent } from './usecases/create-event';
import { createGetEvent, type GetEvent } from './usecases/get-event';
import { createListEvents, type ListEvents } from './usecases/list-events';
import type { Clock } from './usecases/ports';
import { createUpdateEvent, type UpdateEvent } from './usecases/update-event';

/** What composeCatalog wires: the use cases, and the owed-invalidation repayment the service runs periodically. */
export interface CatalogComposition extends CatalogUseCases, OwedInvalidationRepayment {}

/** The use cases the gRPC edge calls, built on one pool and one Redis client. */
export interface CatalogUseCases {
  createEvent: CreateEvent;
  updateEvent: UpdateEvent;
  cancelEvent: CancelEvent;
  getEvent: GetEvent;
  listEvents: ListEvents;
}

export interface ComposeOptions {
  logger: Logger;
  /** Tests move time; everything else uses the wall clock. */
  now?: Clock;
}

type CatalogCompositionConfig = Pick<CatalogConfig, 'CACHE_KEY_PREFIX' | 'CACHE_TTL_SECONDS' | 'DEFAULT_CURRENCY'>;

/** The store every write works on: the event table and the outbox, on one transaction's client. */
const writeStore = (client: PoolClient) => ({ events: createEventRepository(client), outbox: createEventOutbox(client) });

/** Wires repositories, cache and outbox -> use cases by hand. Starts nothing. */
export function composeCatalog(
  pool: Pool,
  redis: Redis,
  config: CatalogCompositionConfig,
  { logger, now = () => new Date() }: ComposeOptions,
): CatalogComposition {
  const events = createEventRepository(pool);
  const owed = createOwedInvalidationRepository(pool);
  const cache = createRedisEventCache({ redis, owed, prefix: config.CACHE_KEY_PREFIX, ttlSeconds: config.CACHE_TTL_SECONDS, logger, now });
  const inTransaction = transactional(pool, writeStore);
  return {
    createEvent: createCreateEvent({ inTransaction, cache, defaultCurrency: config.DEFAULT_CURRENCY, now }),
    updateEvent: createUpdateEvent({ inTransaction, cache, now }),
    cancelEvent: createCancelEvent({ inTransaction, cache, now }),
    getEvent: createGetEvent({ events, cache, now }),
    listEvents: createListEvents({ events, cache, now }),
    repayOwedInvalidation: () => cache.repayOwedInvalidation(),
  };
}
