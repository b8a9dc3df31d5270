import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One event of the original TicRes seeder, as `sample-events.json` lists it. */
const sampleEventShape = z.object({
  name: z.string().min(1),
  location: z.string().min(1),
  /** How many seats the event has. */
  seats: z.number().int().positive(),
  /** Ticket price in whole rupiah. */
  price_idr: z.number().int().nonnegative(),
  category: z.enum(['vip', 'regular']),
  /** Start date relative to the day of seeding. */
  starts_in: z.object({ months: z.number().int().nonnegative(), days: z.number().int().nonnegative() }),
});

const sampleFileShape = z.object({ events: z.array(sampleEventShape).min(1) });

export type SampleEvent = z.infer<typeof sampleEventShape>;

/** Reads and checks the sample file; a malformed one fails with the path of each bad value. */
export async function readSampleEvents(file: string): Promise<SampleEvent[]> {
  const parsed = sampleFileShape.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${file} is not a valid sample file:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data.events;
}
