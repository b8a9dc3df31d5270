import { createHash } from 'node:crypto';
import type { SeatStatus } from './seat';
import { rowLabel, seatIdOf, seatLabel } from './seat-layout';

/**
 * The compact seat map: per section its layout and one character per place in layout order
 * (ordinal 1 first, row-major), so a 50,000-seat event is about 50 KB before compression, and
 * every seat's label and id follow from the layout.
 */
export const SEAT_MAP_CODES: Readonly<Record<SeatStatus, string>> = { available: 'a', held: 'h', sold: 's', void: 'v' };

/** A place of the layout without a seat (its label was taken by an earlier section). */
export const NO_SEAT = '-';

export interface SectionMap {
  name: string;
  /** The section's place in the event's layout; sections list in this order. */
  position: number;
  priceCents: number;
  /** 0 for general admission. */
  rows: number;
  /** 0 for general admission. */
  seatsPerRow: number;
  /** Places: ordinals 1..capacity. */
  capacity: number;
  /** Seat ids are `seatIdOf(seatIdPrefix, ordinal)`; null when the section's seats have random ids. */
  seatIdPrefix: string | null;
  /** Places whose seat is available. */
  available: number;
  /** `capacity` characters of SEAT_MAP_CODES or NO_SEAT. */
  statuses: string;
}

export interface SeatMapContent {
  eventId: string;
  currency: string | null;
  sections: SectionMap[];
}

export interface SeatMap extends SeatMapContent {
  /** Weak entity tag of the content: equal content, equal tag, whichever replica computed it. */
  etag: string;
}

/** The map with its entity tag (a SHA-1 of the content, about 0.1 ms for 50,000 seats). */
export function withEtag(content: SeatMapContent): SeatMap {
  const hash = createHash('sha1')
    .update(content.eventId)
    .update('\n')
    .update(content.currency ?? '');
  for (const s of content.sections) {
    hash.update(`\n${s.name}|${s.position}|${s.priceCents}|${s.rows}|${s.seatsPerRow}|${s.capacity}|${s.seatIdPrefix ?? ''}|`).update(s.statuses);
  }
  return { ...content, etag: `W/"${hash.digest('base64url')}"` };
}

/** The statuses string of a section whose seats do not fill every ordinal 1..capacity. */
export function statusesWithGaps(capacity: number, seats: readonly { ordinal: number; status: SeatStatus }[]): string {
  const codes = new Array<string>(capacity).fill(NO_SEAT);
  for (const seat of seats) {
    if (seat.ordinal >= 1 && seat.ordinal <= capacity) codes[seat.ordinal - 1] = SEAT_MAP_CODES[seat.status];
  }
  return codes.join('');
}

const STATUS_OF_CODE = new Map(Object.entries(SEAT_MAP_CODES).map(([status, code]) => [code, status as SeatStatus]));

export interface MappedSeat {
  /** Null when the section has no seat id prefix. */
  id: string | null;
  label: string;
  row: string | null;
  number: number;
  ordinal: number;
  status: SeatStatus;
}

/**
 * The seats a section's map stands for, in layout order: what a client does with the map (the
 * reference decoder of the documented format). Places without a seat are left out.
 */
export function seatsOfSectionMap(section: SectionMap): MappedSeat[] {
  const seats: MappedSeat[] = [];
  for (let index = 0; index < section.statuses.length; index++) {
    const status = STATUS_OF_CODE.get(section.statuses[index]!);
    if (status === undefined) continue;
    const ordinal = index + 1;
    const seated = section.seatsPerRow > 0;
    const row = seated ? rowLabel(Math.floor(index / section.seatsPerRow)) : null;
    const number = seated ? (index % section.seatsPerRow) + 1 : ordinal;
    seats.push({
      id: section.seatIdPrefix === null ? null : seatIdOf(section.seatIdPrefix, ordinal),
      label: seatLabel(section.name, row, number),
      row,
      number,
      ordinal,
      status,
    });
  }
  return seats;
}
