/** What the picker needs to know of an available seat. */
export interface SeatCandidate {
  section: string;
  row: string | null;
  number: number;
}

const sameRow = (a: SeatCandidate, b: SeatCandidate) => a.section === b.section && a.row === b.row;

/** True when the seats sit side by side in one row (or, in general admission, have consecutive numbers). */
export function areAdjacent(seats: readonly SeatCandidate[]): boolean {
  return seats.every((seat, i) => i === 0 || (sameRow(seats[i - 1]!, seat) && seat.number === seats[i - 1]!.number + 1));
}

/**
 * Chooses `quantity` seats from candidates listed best first (dearest section, then front row,
 * then low number), preferring, in this order:
 * 1. the first run of `quantity` adjacent seats in one row;
 * 2. the first `quantity` seats of one section, so a party is not split across price levels;
 * 3. the first `quantity` seats.
 * Returns undefined when there are fewer candidates than `quantity`.
 */
export function pickSeats<Seat extends SeatCandidate>(candidates: readonly Seat[], quantity: number): Seat[] | undefined {
  if (quantity < 1 || candidates.length < quantity) return undefined;

  const run = firstAdjacentRun(candidates, quantity);
  if (run) return run;

  const bySection = new Map<string, Seat[]>();
  for (const seat of candidates) {
    const group = bySection.get(seat.section) ?? [];
    group.push(seat);
    if (group.length === quantity) return group;
    bySection.set(seat.section, group);
  }

  return candidates.slice(0, quantity);
}

/** The first `quantity` candidates in a row that sit side by side, if any. */
export function firstAdjacentRun<Seat extends SeatCandidate>(candidates: readonly Seat[], quantity: number): Seat[] | undefined {
  let runStart = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (i > 0 && !areAdjacent([candidates[i - 1]!, candidates[i]!])) runStart = i;
    if (i - runStart + 1 === quantity) return candidates.slice(runStart, i + 1);
  }
  return undefined;
}
