import { Counter, type MetricsRegistry } from '@ticres/shared';
import type { ExpireOverdueHolds } from '../usecases/expire-overdue-holds';
import type { PlaceHold } from '../usecases/place-hold';

/**
 * Holds through their life: `ticres_holds_created_total` (a new hold committed),
 * `ticres_holds_expired_total` (the sweeper released it) and `ticres_holds_confirmed_total` (its
 * payment turned it PAID). Each is counted after its transaction committed.
 */
export interface HoldMetrics {
  created: Counter;
  expired: Counter;
  confirmed: Counter;
}

export function createHoldMetrics(registry: MetricsRegistry): HoldMetrics {
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    created: counter('ticres_holds_created_total', 'Holds placed (bookings created PENDING).'),
    expired: counter('ticres_holds_expired_total', 'Holds expired by the sweeper, their seats released.'),
    confirmed: counter('ticres_holds_confirmed_total', 'Holds confirmed by a payment (bookings turned PAID).'),
  };
}

/** Counts each hold placeHold commits; a failed one counts nothing. */
export function countingHolds(placeHold: PlaceHold, holds: HoldMetrics): PlaceHold {
  return async (...args) => {
    const booking = await placeHold(...args);
    holds.created.inc();
    return booking;
  };
}

/** Counts the holds each sweep expired (each batch has committed when it returns). */
export function countingExpiries(expireOverdueHolds: ExpireOverdueHolds, holds: HoldMetrics): ExpireOverdueHolds {
  return async () => {
    const expired = await expireOverdueHolds();
    holds.expired.inc(expired);
    return expired;
  };
}
