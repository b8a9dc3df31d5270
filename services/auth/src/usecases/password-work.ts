import type { QueuePlace } from '@ticres/shared';

/**
 * Password work (a bcrypt hash or comparison, with the reads that go with it) runs in a bounded,
 * first-come-first-served queue. A call holds its place on arrival, before the counters it checks
 * first, so a burst is judged as a whole: the place is refused with OVERLOADED at once when the
 * queue is full or the work could not finish before `deadline` (epoch ms; none: no deadline), and a
 * refused request has changed nothing.
 */
export type HoldPasswordPlace = (deadline?: number) => QueuePlace;

/**
 * Holds a place for `deadline` (or refuses at once), runs `work` with it, and gives the place up
 * afterwards if `work` never used it (a call refused by a limit or its input).
 */
export async function inPasswordPlace<T>(hold: HoldPasswordPlace, deadline: number | undefined, work: (place: QueuePlace) => Promise<T>): Promise<T> {
  const place = hold(deadline);
  try {
    return await work(place);
  } finally {
    place.release();
  }
}
