import type { FastifyPluginAsync } from 'fastify';
import { isAppError } from '@ticres/shared';
import type { bookingV1 } from '@ticres/proto';
import type { BookingClient } from '../booking-client';
import type { CatalogClient } from '../catalog-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { EVENT_LIMITS } from '@ticres/shared/limits';
import { singleLineText } from '../http/text-schemas';
import { created, locationOf, ref } from '../http/components';
import { pageMeta, pageRequest, paginationQueryProperties, type PageQuery } from '../http/pagination';
import { idParams, type IdParams } from '../http/schemas';
import { createEventBody, EVENT_STATUSES, eventDetailResponse, eventPage, eventResponse, type CreateEventBody } from './event.schemas';
import { presentEvent, presentSeat } from './present';
import { toProtoSection } from './to-proto';

export interface EventsRoutesDeps {
  catalog: CatalogClient;
  booking: BookingClient;
  authenticate: AuthHook;
}

interface ListEventsQuery extends PageQuery {
  search?: string;
  status?: (typeof EVENT_STATUSES)[number];
  from?: string;
  to?: string;
}

const listEventsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    search: {
      ...singleLineText(0, EVENT_LIMITS.searchLength),
      description: 'Matches name or location, case-insensitive.',
    },
    status: { type: 'string', enum: EVENT_STATUSES },
    from: { type: 'string', format: 'date-time', description: 'Events starting at or after this time.' },
    to: { type: 'string', format: 'date-time', description: 'Events starting at or before this time.' },
    ...paginationQueryProperties,
  },
} as const;

const tags = ['events'];

/**
 * The seats of an event, or only their count past booking's EVENT_DETAIL_MAX_SEATS; none yet while
 * booking has not materialized them from `event.created` (it answers NOT_FOUND until then), which
 * is a moment after catalog has the event.
 */
async function seatsOf(booking: BookingClient, eventId: string): Promise<bookingV1.SeatList__Output> {
  try {
    return await booking.GetEventSeats({ event_id: eventId });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return { seats: [], seat_count: 0, seats_omitted: false };
    throw error;
  }
}

/** Browsing events (public) and publishing one (organizers and admins). */
export function eventsRoutes({ catalog, booking, authenticate }: EventsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: ListEventsQuery }>(
      '/events',
      {
        config: { publicCache: true },
        schema: {
          tags,
          operationId: 'listEvents',
          summary: 'List events',
          description: '`from` and `to` are ISO 8601 date-times with an offset (in a URL, write `+` as `%2B`). ' + 'A `limit` above 100 is served as 100.',
          querystring: listEventsQuery,
          response: { 200: { description: 'A page of events', ...ref(eventPage) } },
        },
      },
      async (request) => {
        const { search = '', status = '', from = '', to = '' } = request.query;
        const page = pageRequest(request.query);
        const result = await catalog.ListEvents({ search, status, from, to, ...page });
        return { data: result.events.map(presentEvent), meta: pageMeta(page, result.total) };
      },
    );

    app.get<{ Params: IdParams }>(
      '/events/:id',
      {
        config: { publicCache: true },
        schema: {
          tags,
          operationId: 'getEvent',
          summary: "An event with each seat and its status (up to booking's EVENT_DETAIL_MAX_SEATS)",
          description:
            'Right after an event is created its seats may still be on their way: `seats` is empty until then. ' +
            "An event of at most booking's `EVENT_DETAIL_MAX_SEATS` seats (default 5,000) comes with every seat " +
            '(`EventDetail`). A larger one comes without a `seats` property (`LargeEventDetail`): `seat_count` says ' +
            'how many it has and `seat_map` is the path of `GET /events/{id}/availability`, every seat’s id, label ' +
            'and status in compact form (a 50,000-seat map is about 50 KB, against 7.5 MB as a list). ' +
            'Tell the two apart by `seat_map`; a client of any event size can read its map there.',
          params: idParams,
          response: { 200: { description: 'The event and its seats, or their count and where their map is', ...ref(eventDetailResponse) } },
          errors: ['NOT_FOUND'],
        },
      },
      async (request) => {
        const { id } = request.params;
        // Both at once; catalog's answer decides first, so an unknown event is a 404 whatever booking says.
        const [event, seats] = await Promise.allSettled([catalog.GetEvent({ id }), seatsOf(booking, id)]);
        if (event.status === 'rejected') throw event.reason;
        if (seats.status === 'rejected') throw seats.reason;
        const { seat_count, seats_omitted } = seats.value;
        if (seats_omitted) {
          const seatMap = `${request.routeOptions.url!.replace(':id', id)}/availability`;
          return { data: { event: presentEvent(event.value), seat_count, seat_map: seatMap } };
        }
        return { data: { event: presentEvent(event.value), seats: seats.value.seats.map(presentSeat) } };
      },
    );

    app.post<{ Body: CreateEventBody }>(
      '/events',
      {
        schema: {
          tags,
          operationId: 'createEvent',
          summary: 'Publish an event (organizer or admin)',
          description:
            'Each section is seated (`rows` x `seats_per_row`) or general admission (`capacity`). The seats become bookable once booking has materialized them (see GET /events/{id}).',
          body: ref(createEventBody),
          response: { 201: created('The event, published', eventResponse) },
          errors: ['FORBIDDEN', 'RATE_LIMITED'],
        },
        onRequest: [authenticate],
      },
      async (request, reply) => {
        const { name, description = '', location, starts_at, currency = '', sections } = request.body;
        const event = await catalog.CreateEvent(
          { name, description, location, starts_at, currency, sections: sections.map(toProtoSection) },
          { token: callerOf(request).token },
        );
        return reply
          .code(201)
          .header('location', locationOf(request.routeOptions.url!, event.id))
          .send({ data: presentEvent(event) });
      },
    );
  };
}
