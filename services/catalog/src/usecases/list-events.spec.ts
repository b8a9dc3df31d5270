import { rejectionOf } from '../../test/support/failures';
import { eventQueryInput, storedEvent } from '../../test/support/fixtures';
import type { EventQuery } from '../domain/event-query';
import { createListEvents } from './list-events';
import type { EventPage, Fresh, StoredEventPage } from './ports';

const now = new Date('2030-01-01T00:00:00Z');
const input = eventQueryInput;

function setUp(answer: StoredEventPage) {
  const queries: EventQuery[] = [];
  const loaded: Fresh<EventPage>[] = [];
  const sut = createListEvents({
    events: {
      list: async (query, at) => {
        expect(at).toEqual(now);
        queries.push(query);
        return answer;
      },
    },
    cache: {
      page: async (_query, load) => {
        const fresh = await load();
        loaded.push(fresh);
        return fresh.value;
      },
    },
    now: () => now,
  });
  return { sut, queries, loaded };
}

describe('listEvents', () => {
  it('answers a page with derived statuses, the total, and caching up to the next start', async () => {
    const upcoming = storedEvent({ startsAt: new Date('2030-02-01T00:00:00Z') });
    const started = storedEvent({ startsAt: new Date('2029-12-31T00:00:00Z') });
    const nextStartAt = new Date('2030-01-15T00:00:00Z');
    const { sut, queries, loaded } = setUp({ events: [started, upcoming], total: 42, nextStartAt });

    const page = await sut(input({ search: ' Jazz ', page: 2, limit: 2 }));

    expect(page).toEqual({
      events: [
        { ...started, status: 'completed' },
        { ...upcoming, status: 'available' },
      ],
      total: 42,
      page: 2,
      limit: 2,
    });
    expect(queries).toEqual([{ search: 'jazz', page: 2, limit: 2 }]);
    expect(loaded[0]?.until).toEqual(nextStartAt);
  });

  it('refuses malformed filters with VALIDATION_FAILED before any query', async () => {
    const { sut, queries } = setUp({ events: [], total: 0 });
    const error = await rejectionOf(sut(input({ status: 'sold-out', limit: 1000 })));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.field)).toEqual(['limit', 'status']);
    expect(queries).toEqual([]);
  });
});
