import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { toCreateEventBody } from './event-request';
import { readSampleEvents } from './sample-events';

const SHIPPED = path.resolve(__dirname, '..', 'sample-events.json');

describe('the shipped sample events', () => {
  it('are the 20 events of the original seeder, each turned into a valid create body', async () => {
    const samples = await readSampleEvents(SHIPPED);
    expect(samples).toHaveLength(20);
    expect(new Set(samples.map((s) => s.name)).size).toBe(20);
    const now = new Date('2026-03-10T08:00:00Z');
    for (const sample of samples) {
      const body = toCreateEventBody(sample, now);
      expect(body.sections).toHaveLength(1);
      const [section] = body.sections;
      const seats = 'capacity' in section! ? section.capacity : section!.rows * section!.seats_per_row;
      expect(seats).toBe(sample.seats);
      expect(section!.price_cents).toBe(sample.price_idr * 100);
      expect(section!.name).toBe(sample.category === 'vip' ? 'VIP' : 'Regular');
      expect(body.currency).toBe('IDR');
      expect(body.starts_at).toMatch(/^\d{4}-\d{2}-\d{2}T19:00:00\+07:00$/);
    }
  });

  it('turns the first sample into exactly this body', async () => {
    const [coldplay] = await readSampleEvents(SHIPPED);
    expect(toCreateEventBody(coldplay!, new Date('2026-03-10T08:00:00Z'))).toEqual({
      name: 'Konser Coldplay Jakarta 2026',
      description: 'Konser Coldplay Jakarta 2026 in Jakarta. A sample event created by the TicRes seed.',
      location: 'Jakarta',
      starts_at: '2026-04-10T19:00:00+07:00',
      currency: 'IDR',
      sections: [{ name: 'VIP', price_cents: 150_000_000, rows: 5, seats_per_row: 10 }],
    });
  });
});

describe('readSampleEvents', () => {
  it('names the bad values of a malformed file', async () => {
    const file = path.join(tmpdir(), `ticres-bad-samples-${process.pid}.json`);
    await writeFile(
      file,
      JSON.stringify({
        events: [{ name: 'X', location: 'Y', seats: -1, price_idr: 1, category: 'gold', starts_in: { months: 0, days: 0 } }],
      }),
    );
    await expect(readSampleEvents(file)).rejects.toThrow(/events\.0\.seats[\s\S]*events\.0\.category/);
  });
});
