import type { Queryable } from '@ticres/shared';
import type { HoldRequest } from '../domain/hold-request';

/**
 * One read, outside any transaction, that tells whether a hold request is plainly doomed: its
 * event is on sale but a named seat is held or sold already, or fewer seats than asked for are
 * available. It locks nothing and sees only committed seats, so `false` proves nothing (the hold's
 * transaction decides), while `true` is the answer the transaction would give a moment earlier.
 * Any other trouble (an unknown or cancelled event, a seat of another event) reads as `false`, so
 * the transaction reports it precisely.
 */
export function createSeatAvailability(db: Queryable) {
  return {
    async plainlyUnavailable(request: HoldRequest): Promise<boolean> {
      const onSale = /* sql */ `EXISTS (SELECT 1 FROM events WHERE id = $1 AND status = 'available' AND starts_at > now())`;
      const { rows } =
        request.kind === 'seats'
          ? await db.query<{ doomed: boolean }>(
              /* sql */ `
              SELECT ${onSale} AND EXISTS (
                SELECT 1 FROM seats WHERE id = ANY($2::uuid[]) AND event_id = $1 AND status <> 'available'
              ) AS doomed`,
              [request.eventId, request.seatIds],
            )
          : await db.query<{ doomed: boolean }>(
              // Counts no further than the quantity: a stadium's free seats are not all counted.
              /* sql */ `
              SELECT ${onSale} AND (
                SELECT count(*) FROM (
                  SELECT 1 FROM seats WHERE event_id = $1 AND status = 'available' AND ($2::text IS NULL OR section = $2) LIMIT $3
                ) AS free
              ) < $3 AS doomed`,
              [request.eventId, request.section ?? null, request.quantity],
            );
      return rows[0]!.doomed;
    },
  };
}
