import { areAdjacent, pickSeats, type SeatCandidate } from './seat-picking';

/** `VIP-A-3` -> a candidate; `FLOOR-7` -> general admission. */
const seat = (label: string): SeatCandidate & { label: string } => {
  const parts = label.split('-');
  return parts.length === 3
    ? { label, section: parts[0]!, row: parts[1]!, number: Number(parts[2]) }
    : { label, section: parts[0]!, row: null, number: Number(parts[1]) };
};
const seats = (...labels: string[]) => labels.map(seat);
const picked = (candidates: ReturnType<typeof seats>, quantity: number) => pickSeats(candidates, quantity)?.map((s) => s.label);

describe('areAdjacent', () => {
  it('holds for consecutive numbers in one row of one section', () => {
    expect(areAdjacent(seats('VIP-A-3', 'VIP-A-4', 'VIP-A-5'))).toBe(true);
    expect(areAdjacent(seats('FLOOR-8', 'FLOOR-9'))).toBe(true);
    expect(areAdjacent(seats('VIP-A-3'))).toBe(true);
  });

  it('fails across a gap, a row or a section', () => {
    expect(areAdjacent(seats('VIP-A-3', 'VIP-A-5'))).toBe(false);
    expect(areAdjacent(seats('VIP-A-10', 'VIP-B-1'))).toBe(false);
    expect(areAdjacent(seats('VIP-A-1', 'REG-A-2'))).toBe(false);
  });
});

describe('pickSeats', () => {
  it('takes the first run of adjacent seats, skipping lone seats before it', () => {
    expect(picked(seats('VIP-A-1', 'VIP-A-3', 'VIP-A-4', 'VIP-A-5', 'VIP-A-6'), 3)).toEqual(['VIP-A-3', 'VIP-A-4', 'VIP-A-5']);
  });

  it('does not join the end of one row to the start of the next', () => {
    expect(picked(seats('VIP-A-9', 'VIP-A-10', 'VIP-B-1', 'VIP-B-2', 'VIP-B-3'), 3)).toEqual(['VIP-B-1', 'VIP-B-2', 'VIP-B-3']);
  });

  it('prefers adjacency in a later section to scattered seats in the best one', () => {
    expect(picked(seats('VIP-A-1', 'VIP-B-1', 'REG-A-1', 'REG-A-2'), 2)).toEqual(['REG-A-1', 'REG-A-2']);
  });

  it('without adjacency, keeps the party in one section', () => {
    expect(picked(seats('VIP-A-1', 'REG-A-1', 'REG-A-3', 'REG-B-2'), 3)).toEqual(['REG-A-1', 'REG-A-3', 'REG-B-2']);
  });

  it('falls back to the first seats when no section has enough', () => {
    expect(picked(seats('VIP-A-1', 'REG-A-1', 'REG-B-5', 'BAL-A-1'), 3)).toEqual(['VIP-A-1', 'REG-A-1', 'REG-B-5']);
  });

  it('treats consecutive general-admission numbers as together', () => {
    expect(picked(seats('FLOOR-1', 'FLOOR-4', 'FLOOR-5'), 2)).toEqual(['FLOOR-4', 'FLOOR-5']);
  });

  it('returns undefined when there are fewer candidates than wanted', () => {
    expect(pickSeats(seats('VIP-A-1'), 2)).toBeUndefined();
    expect(pickSeats([], 1)).toBeUndefined();
  });
});
