import { isUuid, validationError } from '@ticres/shared';
import { eventNotFound } from '../domain/errors';
import { withEtag, type SeatMap, type SeatMapContent } from '../domain/seat-map';

export interface GetEventAvailabilityPorts {
  seatMaps: { load(eventId: string): Promise<SeatMapContent | undefined> };
  /**
   * How long a map read from Postgres is served again: the bound on how stale an answer can be
   * (a read started at most this long ago). 0: every call reads, concurrent calls share the read.
   */
  cacheMs: number;
  /** Events whose map is kept at most; the least recently loaded is dropped first. */
  maxCachedEvents?: number;
  now?: () => number;
}

export interface AvailabilityRequest {
  eventId: string;
  /** Tags the caller has the map for already. */
  knownEtags: readonly string[];
}

export type AvailabilityAnswer = { kind: 'not_modified'; etag: string } | { kind: 'map'; map: SeatMap };

export type GetEventAvailability = (request: AvailabilityRequest) => Promise<AvailabilityAnswer>;

interface CachedMap {
  map: SeatMap;
  /** When the read that produced it started. */
  readAt: number;
}

/**
 * Public: the event's compact seat map. Each process keeps each event's map for `cacheMs` and
 * loads it once however many callers ask meanwhile, so an on-sale crowd polling a stadium costs
 * Postgres one read per event per `cacheMs` per replica; no replica answers with a map read more
 * than `cacheMs` before the call. NOT_FOUND until booking has the event.
 */
export function createGetEventAvailability({ seatMaps, cacheMs, maxCachedEvents = 500, now = Date.now }: GetEventAvailabilityPorts): GetEventAvailability {
  const cache = new Map<string, CachedMap>();
  const loading = new Map<string, Promise<SeatMap>>();

  async function read(eventId: string): Promise<SeatMap> {
    const readAt = now();
    const content = await seatMaps.load(eventId);
    if (content === undefined) throw eventNotFound();
    const map = withEtag(content);
    if (cacheMs > 0) {
      cache.delete(eventId);
      if (cache.size >= maxCachedEvents) cache.delete(cache.keys().next().value!);
      cache.set(eventId, { map, readAt });
    }
    return map;
  }

  function current(eventId: string): Promise<SeatMap> {
    const cached = cache.get(eventId);
    if (cached && now() - cached.readAt < cacheMs) return Promise.resolve(cached.map);
    let pending = loading.get(eventId);
    if (!pending) {
      pending = read(eventId).finally(() => loading.delete(eventId));
      loading.set(eventId, pending);
    }
    return pending;
  }

  return async ({ eventId, knownEtags }) => {
    if (!isUuid(eventId)) throw validationError([{ field: 'event_id', message: 'must be a UUID' }]);
    const map = await current(eventId.toLowerCase());
    return knownEtags.includes(map.etag) ? { kind: 'not_modified', etag: map.etag } : { kind: 'map', map };
  };
}
