import type { SeatMapContent } from '../domain/seat-map';
import { createGetEventAvailability } from './get-event-availability';

const EVENT_ID = '0190a0b0-c0d0-7e0f-8a0b-000000000001';

const contentWith = (statuses: string): SeatMapContent => ({
  eventId: EVENT_ID,
  currency: 'IDR',
  sections: [
    { name: 'Floor', position: 0, priceCents: 100, rows: 0, seatsPerRow: 0, capacity: statuses.length, seatIdPrefix: null, available: 0, statuses },
  ],
});

/** The use case over a fake map store whose content the test changes, and a clock it moves. */
function sut({ cacheMs = 500, maxCachedEvents }: { cacheMs?: number; maxCachedEvents?: number } = {}) {
  const state = { statuses: 'aaaa', now: 1_000 };
  const load = jest.fn(async (eventId: string): Promise<SeatMapContent | undefined> =>
    eventId === EVENT_ID ? contentWith(state.statuses) : { ...contentWith(state.statuses), eventId },
  );
  const get = createGetEventAvailability({ seatMaps: { load }, cacheMs, maxCachedEvents, now: () => state.now });
  const statusesOf = async (eventId = EVENT_ID) => {
    const answer = await get({ eventId, knownEtags: [] });
    if (answer.kind !== 'map') throw new Error('expected a map');
    return answer.map.sections[0]!.statuses;
  };
  return { get, load, state, statusesOf };
}

describe('getEventAvailability', () => {
  it('serves a map read less than cacheMs ago and reads again after', async () => {
    const { load, state, statusesOf } = sut({ cacheMs: 500 });
    expect(await statusesOf()).toBe('aaaa');
    state.statuses = 'haaa';
    state.now += 499;
    expect(await statusesOf()).toBe('aaaa');
    state.now += 1;
    expect(await statusesOf()).toBe('haaa');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reads every time with cacheMs 0', async () => {
    const { load, state, statusesOf } = sut({ cacheMs: 0 });
    expect(await statusesOf()).toBe('aaaa');
    state.statuses = 'saaa';
    expect(await statusesOf()).toBe('saaa');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reads once for callers that ask while a read is under way', async () => {
    const { load, statusesOf } = sut({ cacheMs: 0 });
    const answers = await Promise.all([statusesOf(), statusesOf(), statusesOf()]);
    expect(answers).toEqual(['aaaa', 'aaaa', 'aaaa']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('answers not_modified, without the map, to a caller that knows the current tag', async () => {
    const { get } = sut();
    const first = await get({ eventId: EVENT_ID, knownEtags: [] });
    if (first.kind !== 'map') throw new Error('expected a map');
    await expect(get({ eventId: EVENT_ID, knownEtags: ['W/"stale"', first.map.etag] })).resolves.toEqual({ kind: 'not_modified', etag: first.map.etag });
    await expect(get({ eventId: EVENT_ID, knownEtags: ['W/"stale"'] })).resolves.toMatchObject({ kind: 'map' });
  });

  it('keeps at most maxCachedEvents maps, dropping the oldest', async () => {
    const { load, statusesOf } = sut({ maxCachedEvents: 2 });
    const other = (n: number) => `0190a0b0-c0d0-7e0f-8a0b-00000000000${n + 1}`;
    await statusesOf(other(1));
    await statusesOf(other(2));
    await statusesOf(other(3));
    await statusesOf(other(3));
    await statusesOf(other(2));
    expect(load).toHaveBeenCalledTimes(3);
    await statusesOf(other(1));
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('is NOT_FOUND for an unknown event, asking again next time, and VALIDATION_FAILED for a malformed id', async () => {
    const load = jest.fn(async (): Promise<SeatMapContent | undefined> => undefined);
    const get = createGetEventAvailability({ seatMaps: { load }, cacheMs: 500 });
    await expect(get({ eventId: EVENT_ID, knownEtags: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(get({ eventId: EVENT_ID, knownEtags: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(load).toHaveBeenCalledTimes(2);
    await expect(get({ eventId: 'nope', knownEtags: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
