import type { CreateEventBody } from './api-client';
import type { SampleEvent } from './sample-events';
import { seatLayout } from './seat-layout';
import { startsAt } from './starts-at';

const SECTION_NAMES: Record<SampleEvent['category'], string> = { vip: 'VIP', regular: 'Regular' };

/** IDR has two minor units in ISO 4217: price_cents = rupiah x 100. */
const IDR_MINOR_UNITS = 100;

/** One section named after the category, holding exactly the sample's seat count. */
export function toCreateEventBody(sample: SampleEvent, now: Date): CreateEventBody {
  return {
    name: sample.name,
    description: `${sample.name} in ${sample.location}. A sample event created by the TicRes seed.`,
    location: sample.location,
    starts_at: startsAt(now, sample.starts_in),
    currency: 'IDR',
    sections: [
      {
        name: SECTION_NAMES[sample.category],
        price_cents: sample.price_idr * IDR_MINOR_UNITS,
        ...seatLayout(sample.seats),
      },
    ],
  };
}
