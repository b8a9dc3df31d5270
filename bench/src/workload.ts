/**
 * The hold attempts of an on-sale, generated once per run from a seed so that TicRes and the
 * raw-SQL ceiling race for exactly the same seats in exactly the same order.
 */

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seats wanted by one attempt: positions in the event's layout order (named), or a quantity. */
export type Attempt = { seats: number[] } | { quantity: number };

/** `count` attempts of 1-4 distinct random seats among `capacity`. */
export function namedAttempts(count: number, capacity: number, seed: number): Attempt[] {
  const random = rng(seed);
  return Array.from({ length: count }, () => {
    const wanted = 1 + Math.floor(random() * 4);
    const seats = new Set<number>();
    while (seats.size < Math.min(wanted, capacity)) seats.add(Math.floor(random() * capacity));
    return { seats: [...seats] };
  });
}

/**
 * `count` best-available attempts of 1-4 seats; the last tenth ask for one seat each, so that an
 * event whose last seats are fewer than the big requests still sells out exactly.
 */
export function bestAvailableAttempts(count: number, seed: number): Attempt[] {
  const random = rng(seed);
  const tail = Math.ceil(count / 10);
  return Array.from({ length: count }, (_, i) => ({ quantity: i >= count - tail ? 1 : 1 + Math.floor(random() * 4) }));
}

/** Seat ids of a named attempt, given the event's seat ids in layout order. */
export const seatIdsOf = (attempt: { seats: number[] }, seatIds: readonly string[]): string[] => attempt.seats.map((i) => seatIds[i]!);
