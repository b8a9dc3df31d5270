import { newId } from '@ticres/shared';
import type { SeatRecord } from '../domain/seat';
import { lockBestSeats, type BestSeatLocks } from './lock-best-seats';

const seat = (row: string, number: number, ordinal: number): SeatRecord => ({
  id: newId(),
  eventId: 'e',
  label: `HALL-${row}-${number}`,
  section: 'HALL',
  sectionPosition: 0,
  row,
  number,
  ordinal,
  priceCents: 100,
  status: 'available',
});

/**
 * Seats in best-first order; `lockedByOthers` are skipped by lockAvailable (SKIP LOCKED) but
 * still count as available, as committed rows another transaction has locked do.
 */
function fakeLocks(seats: SeatRecord[], lockedByOthers: Set<string>) {
  const calls = { savepointsUndone: 0, lockLimits: [] as number[], listLimits: [] as number[], lockedIds: 0 };
  const locks: BestSeatLocks = {
    lockAvailable: async (_query, limit) => {
      calls.lockLimits.push(limit);
      return seats.filter((s) => !lockedByOthers.has(s.id)).slice(0, limit);
    },
    listAvailable: async (_query, limit) => {
      calls.listLimits.push(limit);
      return seats.slice(0, limit);
    },
    lockIfAvailable: async (ids) => {
      calls.lockedIds += ids.length;
      return seats.filter((s) => ids.includes(s.id) && !lockedByOthers.has(s.id));
    },
    hasAvailable: async (_query, quantity) => seats.length >= quantity,
    inSavepoint: async (work) => {
      const result = await work();
      if (result === undefined) calls.savepointsUndone += 1;
      return result;
    },
  };
  return { locks, calls };
}

const query = { eventId: 'e', section: undefined, quantity: 2 };
const labels = (seats: SeatRecord[]) => seats.map((s) => s.label);

describe('lockBestSeats', () => {
  const row = [seat('A', 1, 1), seat('A', 2, 2), seat('A', 3, 3), seat('B', 1, 4), seat('B', 2, 5)];

  it('locks only the best seats when they sit together', async () => {
    const { locks, calls } = fakeLocks(row, new Set());
    expect(labels(await lockBestSeats(locks, query, { pause: async () => undefined }))).toEqual(['HALL-A-1', 'HALL-A-2']);
    expect(calls.lockLimits).toEqual([2]);
  });

  it('locks as many again when the best ones are apart, and takes the first adjacent run among them', async () => {
    const { locks, calls } = fakeLocks(row, new Set([row[1]!.id]));
    expect(labels(await lockBestSeats(locks, query, { pause: async () => undefined, window: 50 }))).toEqual(['HALL-B-1', 'HALL-B-2']);
    expect(calls.lockLimits).toEqual([2, 4]);
    expect(calls.listLimits).toEqual([]);
  });

  it('looks through a window for adjacent seats when the seats it locked hold none', async () => {
    const hall = [...row.slice(0, 4), seat('B', 2, 5), seat('B', 3, 6), seat('C', 1, 7), seat('C', 2, 8)];
    const takenByOthers = [hall[1]!, hall[4]!];
    const { locks, calls } = fakeLocks(hall, new Set(takenByOthers.map((s) => s.id)));
    expect(labels(await lockBestSeats(locks, query, { pause: async () => undefined, window: 50 }))).toEqual(['HALL-C-1', 'HALL-C-2']);
    // B-1 and B-3 are locked and hold no pair; the window is read without locks, and
    // A-2 and B-2, which the locking steps passed over (other buyers have them), are never tried.
    expect(calls.lockLimits).toEqual([2, 4]);
    expect(calls.listLimits).toEqual([50]);
    expect(calls.lockedIds).toBe(2);
  });

  it('waits and tries again while others keep the remaining seats locked, then takes what they leave', async () => {
    const lockedByOthers = new Set(row.slice(0, 4).map((s) => s.id));
    const { locks, calls } = fakeLocks(row, lockedByOthers);
    const pauses: number[] = [];
    const pause = async (ms: number) => {
      pauses.push(ms);
      // The other transactions end after our second round.
      if (pauses.length === 2) lockedByOthers.clear();
    };
    expect(labels(await lockBestSeats(locks, query, { pause }))).toEqual(['HALL-A-1', 'HALL-A-2']);
    expect(pauses).toHaveLength(2);
    expect(pauses.every((ms) => ms >= 1 && ms <= 25)).toBe(true);
    expect(calls.savepointsUndone).toBe(2);
  });

  it('answers SEAT_UNAVAILABLE only when too few seats are available at all', async () => {
    const { locks } = fakeLocks(row.slice(0, 1), new Set());
    await expect(lockBestSeats(locks, query, { pause: async () => undefined })).rejects.toMatchObject({ code: 'SEAT_UNAVAILABLE' });
  });

  it('gives up with CONFLICT, not SEAT_UNAVAILABLE, when the seats stay locked round after round', async () => {
    const { locks } = fakeLocks(row, new Set(row.map((s) => s.id)));
    await expect(lockBestSeats(locks, query, { pause: async () => undefined, maxAttempts: 3 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
