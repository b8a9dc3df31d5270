/** The seats of one section: seated rows, or general admission. */
export type SeatLayout = { rows: number; seats_per_row: number } | { capacity: number };

/** The longest row the seeder lays out. */
const MAX_SEATS_PER_ROW = 10;
/** Rows shorter than this would make a strange hall (2 x 11 for 22 seats); those become general admission. */
const MIN_SEATS_PER_ROW = 4;

/**
 * Lays `seats` out so that rows x seats_per_row is exactly `seats`: the longest row of at most
 * 10 seats that divides the count (50 -> 5 x 10, 35 -> 5 x 7, 18 -> 2 x 9, 12 -> 2 x 6, 8 -> 1 x 8).
 * When only rows of fewer than 4 seats divide it (13, 22, 26, ...), the section is general
 * admission with that capacity instead.
 */
export function seatLayout(seats: number): SeatLayout {
  if (!Number.isInteger(seats) || seats < 1) throw new Error(`cannot lay out ${seats} seats`);
  for (let perRow = Math.min(MAX_SEATS_PER_ROW, seats); perRow >= MIN_SEATS_PER_ROW; perRow -= 1) {
    if (seats % perRow === 0) return { rows: seats / perRow, seats_per_row: perRow };
  }
  return seats <= MAX_SEATS_PER_ROW ? { rows: 1, seats_per_row: seats } : { capacity: seats };
}
