import type { FastifyPluginAsync } from 'fastify';
import { isAppError } from '@ticres/shared';
import type { bookingV1 } from '@ticres/proto';
import type { BookingClient } from '../booking-client';
import type { CatalogClient } from '../catalog-client';
import { encodedBody, negotiateCoding, type EncodedBody } from '../http/content-coding';
import { addVary } from '../http/vary';
import { entityTagsOf, noneMatchHolds } from '../http/entity-tags';
import { ref } from '../http/components';
import { idParams, type IdParams } from '../http/schemas';
import { availabilityResponse } from './event-availability.schemas';

export interface EventAvailabilityRoutesDeps {
  catalog: CatalogClient;
  booking: BookingClient;
  /** Events whose current map this process keeps encoded (and compressed), most recent first. */
  maxCachedEvents?: number;
}

/**
 * Caches may keep the map but must ask again before each use (a 304 when it has not changed):
 * booking's own cache (AVAILABILITY_CACHE_MS, at most 1 s) is then the only lag between a seat's
 * change and the map a client shows.
 */
export const AVAILABILITY_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** The If-None-Match tags passed on to booking; more are a client's mistake, not a use. */
const MAX_CLIENT_TAGS = 8;

interface CachedMap {
  etag: string;
  body: EncodedBody;
}

const presentSection = (section: bookingV1.SectionAvailability__Output) => ({
  name: section.name,
  price_cents: section.price_cents,
  ...(section.rows > 0 ? { rows: section.rows, seats_per_row: section.seats_per_row } : {}),
  capacity: section.capacity,
  seat_id_prefix: section.seat_id_prefix === '' ? null : section.seat_id_prefix,
  available: section.available,
  statuses: section.statuses,
});

const presentAvailability = (map: bookingV1.EventAvailability__Output) => ({
  data: { event_id: map.event_id, currency: map.currency === '' ? null : map.currency, sections: map.sections.map(presentSection) },
});

const isNotFound = (error: unknown) => isAppError(error) && error.code === 'NOT_FOUND';

/**
 * `GET /events/:id/availability`: every seat's status of an event, compact (see
 * event-availability.schemas.ts), with an ETag and compressed when the client accepts it. Each
 * map version is serialised and compressed once per process; booking is asked every time, but
 * answers a map this process has already with its tag alone.
 */
export function eventAvailabilityRoutes({ catalog, booking, maxCachedEvents = 256 }: EventAvailabilityRoutesDeps): FastifyPluginAsync {
  const maps = new Map<string, CachedMap>();

  const remember = (eventId: string, map: bookingV1.EventAvailability__Output): CachedMap => {
    const cached = { etag: map.etag, body: encodedBody(Buffer.from(JSON.stringify(presentAvailability(map)))) };
    maps.delete(eventId);
    if (maps.size >= maxCachedEvents) maps.delete(maps.keys().next().value!);
    maps.set(eventId, cached);
    return cached;
  };

  return async (app) => {
    app.get<{ Params: IdParams }>(
      '/events/:id/availability',
      {
        schema: {
          tags: ['events'],
          operationId: 'getEventAvailability',
          summary: 'Seat availability of an event, compact (for seat maps of any size)',
          description:
            'Per section, in layout order: the layout and one character per place in `statuses` ' +
            '(`a` available, `h` held, `s` sold, `v` void, `-` no seat), row by row. The place at index `i` ' +
            '(0-based) has ordinal `i + 1`; in a seated section it is row `floor(i / seats_per_row)` ' +
            '(0 = A, 25 = Z, 26 = AA, ...) and number `i % seats_per_row + 1`, label `<section>-<row>-<number>`; ' +
            'in general admission its number is `i + 1`, label `<section>-<number>`. Its seat id, for ' +
            '`POST /bookings`, is `seat_id_prefix` followed by the ordinal in 8 lowercase hex digits ' +
            '(`seat_id_prefix` is null for sections created before this format: take their ids from ' +
            '`GET /events/{id}`, which lists them up to the `EVENT_DETAIL_MAX_SEATS` of booking (default 5,000); in a larger event hold such a section by `quantity`).\n\n' +
            'Answers carry an `ETag`; `If-None-Match` with it is a 304 while nothing changed. ' +
            `\`Cache-Control: ${AVAILABILITY_CACHE_CONTROL}\`: a seat's change shows at most ` +
            "booking's `AVAILABILITY_CACHE_MS` (default 0.5 s, at most 1 s) later. Compressed with br or " +
            'gzip when `Accept-Encoding` allows (a 50,000-seat map is about 50 KB as JSON, a few KB ' +
            'compressed). Right after an event is created its seats may still be on their way: ' +
            '`sections` is empty and the answer is not cached (`no-store`) until then.',
          params: idParams,
          headers: {
            type: 'object',
            properties: {
              'if-none-match': { type: 'string', description: 'The `ETag` of a map the client holds: 304 while it is current.' },
            },
          },
          response: {
            200: {
              description: 'The seat map',
              headers: {
                ETag: { type: 'string', description: 'The map’s version; send it back in `If-None-Match`.' },
                'Cache-Control': { type: 'string', description: `\`${AVAILABILITY_CACHE_CONTROL}\`, or \`no-store\` while the seats are on their way.` },
              },
              content: { 'application/json': { schema: ref(availabilityResponse) } },
            },
            304: {
              description: 'Not Modified: the map has the If-None-Match tag still.',
              headers: { ETag: { type: 'string', description: 'The map’s version, unchanged.' } },
              type: 'null',
            },
          },
          errors: ['NOT_FOUND'],
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const clientTags = entityTagsOf(request.headers['if-none-match']).slice(0, MAX_CLIENT_TAGS);
        const ask = (knownEtags: string[]) => booking.GetEventAvailability({ event_id: id, known_etags: knownEtags });

        let answer: bookingV1.EventAvailability__Output;
        try {
          const held = maps.get(id);
          answer = await ask(held ? [...clientTags, held.etag] : clientTags);
        } catch (error) {
          if (!isNotFound(error)) throw error;
          // Booking has not materialized the event yet, or it does not exist: catalog decides (404).
          await catalog.GetEvent({ id });
          return reply.header('cache-control', 'no-store').send({ data: { event_id: id, currency: null, sections: [] } });
        }

        reply.header('etag', answer.etag).header('cache-control', AVAILABILITY_CACHE_CONTROL);
        addVary(reply, 'accept-encoding');
        if (!noneMatchHolds(clientTags, answer.etag)) return reply.code(304).send();

        let map = maps.get(id);
        if (answer.not_modified && map?.etag !== answer.etag) {
          // Our copy was replaced between the question and the answer: ask for the map itself.
          answer = await ask([]);
          reply.header('etag', answer.etag);
        }
        if (!answer.not_modified) map = remember(id, answer);

        const coding = negotiateCoding(request.headers['accept-encoding']);
        const body = await map!.body.encoded(coding);
        reply.type('application/json; charset=utf-8');
        if (coding !== 'identity') reply.header('content-encoding', coding);
        return reply.send(body);
      },
    );
  };
}
