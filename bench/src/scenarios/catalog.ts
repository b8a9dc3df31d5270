/**
 * The catalog that browsing sees: `catalogEvents` events (the seed has 20), one of them of ~300
 * seats whose detail is fetched; created once through the API and shared by browse and scale.
 */
import { createEvent, inParallel, msUntilBookable, type CreatedEvent } from '../api.ts';
import type { Context } from '../context.ts';
import { seatsOf } from '../seatmap.ts';

export const CITIES = ['Jakarta', 'Bandung', 'Surabaya', 'Denpasar', 'Yogyakarta'];

export interface Catalog {
  detail: CreatedEvent;
  events: CreatedEvent[];
}

let catalog: Promise<Catalog> | undefined;

export function ensureCatalog(ctx: Context): Promise<Catalog> {
  catalog ??= (async () => {
    const [rows, perRow] = ctx.profile.browse.detailSeats;
    const detail = await createEvent(
      ctx.api,
      ctx.admin,
      'Browse detail event',
      [{ name: 'Main', price_cents: 50_000_000, rows, seats_per_row: perRow }],
      CITIES[0],
    );
    const others = await inParallel(Array.from({ length: ctx.profile.catalogEvents - 1 }), 4, (_, i) =>
      createEvent(
        ctx.api,
        ctx.admin,
        `Catalog event ${i + 1}`,
        [{ name: 'Main', price_cents: 10_000_000, rows: 2, seats_per_row: 10 }],
        CITIES[(i + 1) % CITIES.length],
      ),
    );
    await msUntilBookable(ctx.api, detail, ctx.admin);
    const seats = await seatsOf(ctx.api.baseUrl, detail.id);
    ctx.checks.add('browse', 'the detail event lists all its seats', seats.length === rows * perRow, `${seats.length} of ${rows * perRow}`);
    return { detail, events: [detail, ...others] };
  })();
  return catalog;
}
