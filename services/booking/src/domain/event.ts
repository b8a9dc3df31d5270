/** What booking keeps of a catalog event. */
export interface BookableEvent {
  id: string;
  /** available | cancelled | completed */
  status: string;
  /** Null only for an event whose cancellation arrived before any snapshot of it. */
  startsAt: Date | null;
  currency: string | null;
}

/** Why an event takes no holds, or undefined when it does. */
export function unavailabilityReason(event: BookableEvent, now: Date): string | undefined {
  if (event.status === 'cancelled') return 'The event is cancelled.';
  if (event.status !== 'available' || event.startsAt === null || event.currency === null) return 'The event is not on sale.';
  if (event.startsAt.getTime() <= now.getTime()) return 'The event has already started.';
  return undefined;
}
