import { isUuid, requireRole, validationError, type FieldError, type Principal } from '@ticres/shared';
import { eventAt, type CatalogEvent, type StoredEvent } from '../domain/event';
import { eventNotAvailable, eventNotFound } from '../domain/errors';
import { characterCount } from '../domain/text';
import { EVENT_LIMITS, singleLineTextProblem } from '@ticres/shared/limits';
import type { CacheInvalidation, Clock, EventOutbox, InTransaction } from './ports';

export interface CancelEventStore {
  events: {
    /** Cancels the event if it is available and still to come; undefined when it was not. */
    cancelIfUpcoming(id: string, cancellation: { reason: string; at: Date }): Promise<StoredEvent | undefined>;
    findById(id: string): Promise<StoredEvent | undefined>;
  };
  outbox: Pick<EventOutbox, 'cancelled'>;
}

export interface CancelEventPorts {
  inTransaction: InTransaction<CancelEventStore>;
  cache: CacheInvalidation;
  now: Clock;
}

export type CancelEvent = (caller: Principal, input: { id: string; reason: string }) => Promise<CatalogEvent>;

/**
 * Admin only. Cancels an upcoming event and emits `event.cancelled` in the same transaction, which
 * starts the refund saga. Cancelling a cancelled event returns it unchanged and emits nothing; an
 * event that has already started (completed) cannot be cancelled (EVENT_NOT_AVAILABLE), because
 * cancelling refunds every buyer automatically.
 */
export function createCancelEvent({ inTransaction, cache, now }: CancelEventPorts): CancelEvent {
  return async (caller, input) => {
    requireRole(caller, 'admin');
    const reason = input.reason.trim();
    const problems: FieldError[] = [];
    if (!isUuid(input.id)) problems.push({ field: 'id', message: 'must be a UUID' });
    const reasonProblem =
      characterCount(reason) > EVENT_LIMITS.cancelReasonLength
        ? `must be at most ${EVENT_LIMITS.cancelReasonLength} characters`
        : singleLineTextProblem(reason);
    if (reasonProblem) problems.push({ field: 'reason', message: reasonProblem });
    if (problems.length > 0) throw validationError(problems);

    const at = now();
    const id = input.id.toLowerCase();
    const { event, changed } = await inTransaction(async ({ events, outbox }) => {
      // The conditional update decides, so two admins cancelling at once emit one event.cancelled.
      const cancelled = await events.cancelIfUpcoming(id, { reason, at });
      if (cancelled) {
        await outbox.cancelled(eventAt(cancelled, at));
        return { event: cancelled, changed: true };
      }
      const current = await events.findById(id);
      if (!current) throw eventNotFound();
      if (current.status === 'cancelled') return { event: current, changed: false };
      throw eventNotAvailable('completed');
    });
    if (changed) await cache.invalidate();
    return eventAt(event, at);
  };
}
