import { newId } from '@ticres/shared';
import { createEventRepository, type EventRepository } from '../src/db/event.repository';
import type { StoredEvent } from '../src/domain/event';
import type { EventQuery } from '../src/domain/event-query';
import { createCatalogTestDatabase, type CatalogTestDatabase } from './support/catalog-database';
import { storedEvent } from './support/fixtures';

const now = new Date('2030-01-01T00:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const query = (overrides: Partial<EventQuery> = {}): EventQuery => ({ page: 1, limit: 100, ...overrides });

describe('the event repository', () => {
  let db: CatalogTestDatabase;
  let events: EventRepository;

  beforeAll(async () => {
    db = await createCatalogTestDatabase();
    events = createEventRepository(db.pool);
  });

  afterAll(async () => {
    await db?.drop();
  });

  describe('a single event', () => {
    it('stores and reads back every field, sections in order', async () => {
      const event = storedEvent({
        name: 'Konser 🎟',
        description: 'Line one\nline two',
        sections: [
          { name: 'VIP', priceCents: 100_000_000_000, rows: 100, seatsPerRow: 500, capacity: 50_000 },
          { name: 'Festival', priceCents: 0, rows: 0, seatsPerRow: 0, capacity: 50_000 },
        ],
        capacity: 100_000,
      });
      await events.insert(event);
      await expect(events.findById(event.id)).resolves.toEqual(event);
      await expect(events.findById(newId())).resolves.toBeUndefined();
    });

    it('updates details, sections and capacity', async () => {
      const event = storedEvent();
      await events.insert(event);
      const updated: StoredEvent = {
        ...event,
        name: 'Renamed',
        location: 'Bali',
        startsAt: days(90),
        sections: [...event.sections, { name: 'Balcony', priceCents: 5, rows: 2, seatsPerRow: 2, capacity: 4 }],
        capacity: event.capacity + 4,
        updatedAt: days(1),
      };
      await events.update(updated);
      await expect(events.findById(event.id)).resolves.toEqual(updated);
    });

    it('cancels an upcoming available event once, and never one that has started', async () => {
      const upcoming = storedEvent({ startsAt: days(10) });
      const started = storedEvent({ startsAt: now });
      await events.insert(upcoming);
      await events.insert(started);

      const cancelled = await events.cancelIfUpcoming(upcoming.id, { reason: 'storm', at: now });
      expect(cancelled).toEqual({ ...upcoming, status: 'cancelled', cancelReason: 'storm', cancelledAt: now, updatedAt: now });
      await expect(events.cancelIfUpcoming(upcoming.id, { reason: 'again', at: now })).resolves.toBeUndefined();
      await expect(events.cancelIfUpcoming(started.id, { reason: 'late', at: now })).resolves.toBeUndefined();
      await expect(events.findById(started.id)).resolves.toMatchObject({ status: 'available' });
    });

    it('is guarded by constraints: a cancelled status needs its time and reason, capacity stays in range', async () => {
      const event = storedEvent();
      await events.insert(event);
      await expect(db.pool.query(/* sql */ `UPDATE events SET status = 'cancelled' WHERE id = $1`, [event.id])).rejects.toMatchObject({ code: '23514' });
      await expect(db.pool.query(/* sql */ `UPDATE events SET capacity = 100001 WHERE id = $1`, [event.id])).rejects.toMatchObject({ code: '23514' });
      await expect(db.pool.query(/* sql */ `UPDATE events SET status = 'completed' WHERE id = $1`, [event.id])).rejects.toMatchObject({ code: '23514' });
    });
  });

  describe('listing', () => {
    let listing: CatalogTestDatabase;
    let repo: EventRepository;
    const made: Record<string, StoredEvent> = {};

    beforeAll(async () => {
      // A database of its own, so the other tests' rows do not change the totals.
      listing = await createCatalogTestDatabase();
      repo = createEventRepository(listing.pool);
      const rows: [string, Partial<StoredEvent>][] = [
        ['past', { name: 'Past Gala', location: 'Jakarta', startsAt: days(-3) }],
        ['percent', { name: 'Flash Sale 50% Off Night', location: 'Bandung', startsAt: days(1) }],
        ['fifty', { name: 'Route 50 Rock', location: 'Surabaya', startsAt: days(2) }],
        ['underscore', { name: 'a_b Showcase', location: 'Bali', startsAt: days(3) }],
        ['acb', { name: 'acb Showcase', location: 'Bali', startsAt: days(4) }],
        ['backslash', { name: 'Dir C:\\Music', location: 'Medan', startsAt: days(5) }],
        ['cancelled', { name: 'Jazz Cancelled', location: 'Jakarta', startsAt: days(6), status: 'cancelled', cancelledAt: now, cancelReason: '' }],
        ['jazz', { name: 'Java Jazz', location: 'JAKARTA', startsAt: days(7) }],
      ];
      for (const [key, overrides] of rows) {
        made[key] = storedEvent(overrides);
        await repo.insert(made[key]);
      }
    });

    afterAll(async () => {
      await listing?.drop();
    });

    const names = async (q: EventQuery) => (await repo.list(q, now)).events.map((event) => event.name);

    it('orders by start, with every event and the total', async () => {
      const page = await repo.list(query(), now);
      expect(page.events.map((e) => e.id)).toEqual(Object.values(made).map((e) => e.id));
      expect(page.total).toBe(8);
    });

    it('breaks ties on start by id', async () => {
      const tieDb = await createCatalogTestDatabase();
      try {
        const tie = createEventRepository(tieDb.pool);
        const ids = [newId(), newId(), newId()].sort().reverse();
        for (const id of ids) await tie.insert(storedEvent({ id, startsAt: days(1) }));
        expect((await tie.list(query(), now)).events.map((e) => e.id)).toEqual([...ids].sort());
      } finally {
        await tieDb.drop();
      }
    });

    it('searches name or location case-insensitively', async () => {
      expect(await names(query({ search: 'jakarta' }))).toEqual(['Past Gala', 'Jazz Cancelled', 'Java Jazz']);
      expect(await names(query({ search: 'showcase' }))).toEqual(['a_b Showcase', 'acb Showcase']);
    });

    it('takes % _ and \\ in a search literally', async () => {
      expect(await names(query({ search: '50%' }))).toEqual(['Flash Sale 50% Off Night']);
      expect(await names(query({ search: 'a_b' }))).toEqual(['a_b Showcase']);
      expect(await names(query({ search: 'c:\\music' }))).toEqual(['Dir C:\\Music']);
      expect(await names(query({ search: '%' }))).toEqual(['Flash Sale 50% Off Night']);
      expect(await names(query({ search: '_' }))).toEqual(['a_b Showcase']);
    });

    it('filters by derived status', async () => {
      expect(await names(query({ status: 'completed' }))).toEqual(['Past Gala']);
      expect(await names(query({ status: 'cancelled' }))).toEqual(['Jazz Cancelled']);
      expect((await repo.list(query({ status: 'available' }), now)).total).toBe(6);
      // The same rows a week later: everything available has started.
      const later = await repo.list(query({ status: 'completed' }), days(8));
      expect(later.total).toBe(7);
    });

    it('filters by start with inclusive bounds', async () => {
      expect(await names(query({ from: days(2), to: days(4) }))).toEqual(['Route 50 Rock', 'a_b Showcase', 'acb Showcase']);
      expect(await names(query({ from: days(6) }))).toEqual(['Jazz Cancelled', 'Java Jazz']);
      expect(await names(query({ to: days(-3) }))).toEqual(['Past Gala']);
    });

    it('combines filters', async () => {
      const page = await repo.list(query({ search: 'jazz', status: 'available', from: days(0) }), now);
      expect(page.events.map((e) => e.name)).toEqual(['Java Jazz']);
      expect(page.total).toBe(1);
    });

    it('pages with limit and offset and keeps the total of all matches', async () => {
      const pages = await Promise.all([1, 2, 3, 4].map((page) => repo.list(query({ page, limit: 3 }), now)));
      expect(pages.map((p) => p.events.length)).toEqual([3, 3, 2, 0]);
      expect(pages.map((p) => p.total)).toEqual([8, 8, 8, 8]);
      expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(Object.values(made).map((e) => e.id));
    });

    it('reports the next start of an available event in scope, whatever the status filter and page', async () => {
      await expect(repo.list(query(), now)).resolves.toMatchObject({ nextStartAt: days(1) });
      await expect(repo.list(query({ status: 'completed', page: 5 }), now)).resolves.toMatchObject({ nextStartAt: days(1) });
      // Cancelled events never change status, so they do not count.
      await expect(repo.list(query({ search: 'jazz' }), now)).resolves.toMatchObject({ nextStartAt: days(7) });
      await expect(repo.list(query({ search: 'gala' }), now)).resolves.toMatchObject({ nextStartAt: undefined });
    });
  });
});
