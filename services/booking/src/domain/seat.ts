/** A seat's state: held and sold seats belong to a booking; void seats belong to a cancelled event. */
export const SEAT_STATUSES = ['available', 'held', 'sold', 'void'] as const;

export type SeatStatus = (typeof SEAT_STATUSES)[number];

/** One sellable place of an event, as GetEventSeats lists it. */
export interface Seat {
  id: string;
  eventId: string;
  label: string;
  section: string;
  /** A, B, ..., Z, AA, ...; null in a general-admission section. */
  row: string | null;
  number: number;
  priceCents: number;
  status: SeatStatus;
}

/** A seat with its place in the layout, as the hold path reads and locks it. */
export interface SeatRecord extends Seat {
  sectionPosition: number;
  ordinal: number;
}

/** Layout order: section by section as catalog lists them, then row-major. */
export function byLayoutOrder(a: SeatRecord, b: SeatRecord): number {
  return a.sectionPosition - b.sectionPosition || a.ordinal - b.ordinal;
}
