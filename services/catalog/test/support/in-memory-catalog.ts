import type { CatalogEvent, StoredEvent } from '../../src/domain/event';
import type { CacheInvalidation, EventOutbox, InTransaction } from '../../src/usecases/ports';

export interface OutboxEntry {
  type: 'created' | 'updated' | 'cancelled';
  event: CatalogEvent;
}

/**
 * The write side of catalog in memory, for use-case specs: a transaction works on a copy that
 * replaces the table only when the work resolves, as a rollback would leave it otherwise.
 */
export function inMemoryCatalog(initial: StoredEvent[] = []) {
  let table = new Map(initial.map((event) => [event.id, event]));
  let outbox: OutboxEntry[] = [];
  const invalidations: number[] = [];
  let transactions = 0;

  const inTransaction: InTransaction<{
    events: {
      insert(event: StoredEvent): Promise<void>;
      findById(id: string): Promise<StoredEvent | undefined>;
      findByIdForUpdate(id: string): Promise<StoredEvent | undefined>;
      update(event: StoredEvent): Promise<void>;
      cancelIfUpcoming(id: string, cancellation: { reason: string; at: Date }): Promise<StoredEvent | undefined>;
    };
    outbox: EventOutbox;
  }> = async (work) => {
    transactions += 1;
    const draft = new Map(table);
    const pending: OutboxEntry[] = [];
    const record = (type: OutboxEntry['type']) => async (event: CatalogEvent) => {
      pending.push({ type, event });
    };
    const result = await work({
      events: {
        insert: async (event) => {
          if (draft.has(event.id)) throw new Error('duplicate id');
          draft.set(event.id, event);
        },
        findById: async (id) => draft.get(id),
        findByIdForUpdate: async (id) => draft.get(id),
        update: async (event) => {
          draft.set(event.id, event);
        },
        cancelIfUpcoming: async (id, { reason, at }) => {
          const event = draft.get(id);
          if (!event || event.status !== 'available' || event.startsAt.getTime() <= at.getTime()) return undefined;
          const cancelled: StoredEvent = { ...event, status: 'cancelled', cancelReason: reason, cancelledAt: at, updatedAt: at };
          draft.set(id, cancelled);
          return cancelled;
        },
      },
      outbox: { created: record('created'), updated: record('updated'), cancelled: record('cancelled') },
    });
    table = draft;
    outbox = [...outbox, ...pending];
    return result;
  };

  const cache: CacheInvalidation = {
    invalidate: async () => {
      // Recorded with the number of committed outbox entries, to prove it runs after the commit.
      invalidations.push(outbox.length);
    },
  };

  return {
    inTransaction,
    cache,
    stored: (id: string) => table.get(id),
    all: () => [...table.values()],
    outbox: () => outbox,
    invalidations: () => invalidations,
    transactions: () => transactions,
  };
}
