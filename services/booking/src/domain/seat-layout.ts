/** Bounds the work one event.created may cause; far above any venue catalog accepts. */
export const MAX_SEATS_PER_EVENT = 200_000;

/** A section as catalog lays it out: seated (rows x seats per row) or general admission (capacity). */
export interface SectionPlan {
  name: string;
  priceCents: number;
  rows: number;
  seatsPerRow: number;
  capacity: number;
}

/** A section with its place in the event's layout (its index in catalog's list). */
export interface PositionedSection extends SectionPlan {
  position: number;
}

/** A seat to materialize, before it has an id. */
export interface PlannedSeat {
  label: string;
  section: string;
  /** The section's index in the layout; seats list section by section in this order. */
  sectionPosition: number;
  row: string | null;
  number: number;
  /** 1-based row-major position inside the section, so "in order" is one integer. */
  ordinal: number;
  priceCents: number;
}

export interface SeatPlan {
  seats: PlannedSeat[];
  /** Labels that two sections would both produce; only the first is kept (see planSeats). */
  duplicateLabels: string[];
}

/** Row names like a spreadsheet's columns: 0 -> A, 25 -> Z, 26 -> AA, 27 -> AB, 701 -> ZZ, 702 -> AAA. */
export function rowLabel(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`row index must be a non-negative integer, got ${index}`);
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  }
  return label;
}

/** `VIP-A-12` for a seated place, `FLOOR-7` for general admission. */
export function seatLabel(section: string, row: string | null, number: number): string {
  return row === null ? `${section}-${number}` : `${section}-${row}-${number}`;
}

/** True when the section is laid out in rows; otherwise it is general admission sized by capacity. */
export function isSeated(section: SectionPlan): boolean {
  return section.rows > 0 && section.seatsPerRow > 0;
}

/** Places in the section: rows x seats per row when seated, its capacity otherwise. */
export function placesOf(section: SectionPlan): number {
  return isSeated(section) ? section.rows * section.seatsPerRow : Math.max(0, section.capacity);
}

/** Throws RangeError when the sections hold more than MAX_SEATS_PER_EVENT places in all. */
export function assertSeatCount(sections: readonly SectionPlan[]): void {
  const total = sections.reduce((sum, section) => sum + placesOf(section), 0);
  if (!(total <= MAX_SEATS_PER_EVENT)) throw new RangeError(`an event may have at most ${MAX_SEATS_PER_EVENT} seats, this one ${total}`);
}

/** The names of rows 0..count-1: A, B, ..., Z, AA, ... */
export function rowLabels(count: number): string[] {
  return Array.from({ length: count }, (_, index) => rowLabel(index));
}

/**
 * True when two of these sections could produce the same seat label. Every label is the section's
 * name, a dash and a tail, so two labels of differently named sections are equal only when one
 * name followed by a dash begins the other name ("A" row "B" seat 1 and "A-B" seat 1).
 */
export function labelsMayClash(sectionNames: readonly string[]): boolean {
  return sectionNames.some((name) => sectionNames.some((other) => other !== name && other.startsWith(`${name}-`)));
}

/**
 * Hex digits at the end of a seat id that count the seats of its section: the seat at ordinal n
 * has the id `<section's seat id prefix><n in 8 hex digits>`, so ids follow from the layout.
 */
export const SEAT_ORDINAL_HEX_DIGITS = 8;

/** The id of the seat at `ordinal` (1-based, row-major) of a section with this seat id prefix. */
export function seatIdOf(seatIdPrefix: string, ordinal: number): string {
  return seatIdPrefix + ordinal.toString(16).padStart(SEAT_ORDINAL_HEX_DIGITS, '0');
}

/**
 * Every seat of the given sections, section by section, row by row. Labels are the seats' natural
 * key (unique per event); if two sections would produce the same label (section "A" row "B" and
 * section "A-B"), the first keeps it and the later seat is left out and reported, since catalog
 * should never have allowed such names.
 */
export function planSeats(sections: SectionPlan[]): SeatPlan {
  assertSeatCount(sections);
  const seats: PlannedSeat[] = [];
  const seen = new Set<string>();
  const duplicateLabels: string[] = [];
  const add = (seat: PlannedSeat) => {
    if (seen.has(seat.label)) {
      duplicateLabels.push(seat.label);
      return;
    }
    seen.add(seat.label);
    seats.push(seat);
  };

  sections.forEach((section, index) => {
    const base = { section: section.name, sectionPosition: index, priceCents: section.priceCents };
    if (isSeated(section)) {
      for (let r = 0; r < section.rows; r++) {
        const row = rowLabel(r);
        for (let number = 1; number <= section.seatsPerRow; number++) {
          add({ ...base, label: seatLabel(section.name, row, number), row, number, ordinal: r * section.seatsPerRow + number });
        }
      }
    } else {
      for (let number = 1; number <= section.capacity; number++) {
        add({ ...base, label: seatLabel(section.name, null, number), row: null, number, ordinal: number });
      }
    }
  });
  return { seats, duplicateLabels };
}
