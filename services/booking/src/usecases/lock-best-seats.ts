import { notEnoughSeats, seatsContended } from '../domain/errors';
import type { SeatRecord } from '../domain/seat';
import { areAdjacent, firstAdjacentRun, pickSeats } from '../domain/seat-picking';
import type { Pause } from './transactional';

export interface BestSeatQuery {
  eventId: string;
  section: string | undefined;
  quantity: number;
}

/** What picking the best available seats needs from the seat store, inside the hold's transaction. */
export interface BestSeatLocks {
  /** Locks up to `limit` available seats, best first, skipping seats other transactions have locked. */
  lockAvailable(query: { eventId: string; section: string | undefined }, limit: number): Promise<SeatRecord[]>;
  /** Up to `limit` available seats as committed, best first, locking nothing. */
  listAvailable(query: { eventId: string; section: string | undefined }, limit: number): Promise<SeatRecord[]>;
  /** Locks those of the seats still available that no other transaction has locked. */
  lockIfAvailable(ids: readonly string[]): Promise<SeatRecord[]>;
  /** Whether `quantity` seats are available as committed, whoever has them locked right now. */
  hasAvailable(query: { eventId: string; section: string | undefined }, quantity: number): Promise<boolean>;
  /** Undoes `work`, releasing its row locks, when it returns undefined. */
  inSavepoint<T>(work: () => Promise<T | undefined>): Promise<T | undefined>;
}

export interface BestSeatOptions {
  pause: Pause;
  /** Seats looked at when the best `quantity` are not side by side. */
  window?: number;
  /** Rounds before giving up on seats that stay locked by others (CONFLICT, safe to retry). */
  maxAttempts?: number;
}

/** Picks tried within one round when other buyers take picked seats first. */
const PICKS_PER_ROUND = 3;

/** Candidates considered for adjacency: a few rows of a large hall. */
export const ADJACENCY_WINDOW = 200;

/** Picks from candidates read without locks, locks the picked seats; seats another buyer got first are left out and the pick made again, a few times. */
async function pickAndLock(seats: BestSeatLocks, candidates: SeatRecord[], quantity: number): Promise<SeatRecord[] | undefined> {
  const gone = new Set<string>();
  for (let attempt = 0; attempt < PICKS_PER_ROUND; attempt++) {
    const picked = pickSeats(
      candidates.filter((seat) => !gone.has(seat.id)),
      quantity,
    );
    if (!picked) return undefined;
    const locked = new Set((await seats.lockIfAvailable(picked.map((seat) => seat.id))).map((seat) => seat.id));
    if (locked.size === picked.length) return picked;
    for (const seat of picked) if (!locked.has(seat.id)) gone.add(seat.id);
  }
  return undefined;
}

/**
 * The candidates another buyer is not known to hold: the seats this round locked, and those after
 * the last of them. Both lists are best first, so every other seat before it was passed over by
 * SKIP LOCKED, locked by another transaction. (When the window ends before that seat, it is taken
 * whole.)
 */
function notPassedOver(candidates: SeatRecord[], lockedBest: SeatRecord[]): SeatRecord[] {
  const ours = new Set(lockedBest.map((seat) => seat.id));
  const lastOurs = candidates.findIndex((seat) => seat.id === lockedBest.at(-1)?.id);
  if (lastOurs < 0) return candidates;
  return candidates.filter((seat, index) => index > lastOurs || ours.has(seat.id));
}

/**
 * Locks `quantity` of the best available seats of the event (or one section) and returns them.
 *
 * Concurrent buyers never queue on each other's rows (`SKIP LOCKED`). Each round first locks just
 * the best `quantity` seats nobody else has locked; when those sit side by side (the usual case)
 * they are taken, so a buyer keeps no more rows locked than it buys. When they are apart (a row
 * ends, or others hold the seats between), it locks as many again, the next free ones, and takes
 * the first side-by-side run among them: in a rush the free seats are those past every other
 * buyer's, which a window read without locks mostly does not reach. Failing that, it reads a
 * window of candidates without locking them, leaves out those the locking steps passed over (other
 * buyers have them), picks adjacent seats among the rest (see pickSeats) and locks only those; if
 * another buyer got one of them first, the round is undone and tried again. A buyer so keeps a few
 * rows more than it buys locked, never a window's worth. (Locking the whole window instead made
 * concurrent buyers skip each other's windows and lock ever more rows: hundreds of row locks per
 * hold at 20 concurrent buyers.)
 *
 * When fewer than `quantity` unlocked seats remain, the round is undone: if the seats available
 * as committed are fewer than `quantity` the event (or section) is sold out, SEAT_UNAVAILABLE;
 * otherwise other buyers hold them locked in transactions that are about to end, and the next
 * round, after a short jittered pause, sees what they left.
 */
export async function lockBestSeats(seats: BestSeatLocks, query: BestSeatQuery, options: BestSeatOptions): Promise<SeatRecord[]> {
  const { pause, window = ADJACENCY_WINDOW, maxAttempts = 50 } = options;
  const { eventId, section, quantity } = query;
  const where = { eventId, section };

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const chosen = await seats.inSavepoint(async () => {
      const best = await seats.lockAvailable(where, quantity);
      if (best.length < quantity) return undefined;
      if (areAdjacent(best)) return best;
      const more = await seats.lockAvailable(where, quantity * 2);
      const run = firstAdjacentRun(more, quantity);
      if (run) return run;
      return pickAndLock(seats, notPassedOver(await seats.listAvailable(where, Math.max(window, quantity)), more), quantity);
    });
    if (chosen) return chosen;
    if (!(await seats.hasAvailable(where, quantity))) throw notEnoughSeats();
    await pause(Math.ceil(Math.random() * Math.min(2 ** attempt, 25)));
  }
  throw seatsContended();
}
