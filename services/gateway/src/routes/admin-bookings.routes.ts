import type { FastifyPluginAsync } from 'fastify';
import type { BookingClient } from '../booking-client';
import type { CatalogClient } from '../catalog-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { ref } from '../http/components';
import { pageMeta, pageRequest, paginationQueryProperties, type PageQuery } from '../http/pagination';
import { idParams, uuidSchema, type IdParams } from '../http/schemas';
import { bookingPage, bookingSortQuery, bookingStatusQuery, type BookingSort, type BookingStatus } from './booking.schemas';
import { presentBooking } from './present';

export interface AdminBookingsRoutesDeps {
  booking: BookingClient;
  catalog: CatalogClient;
  authenticate: AuthHook;
  requireAdmin: AuthHook;
}

interface EventBookingsQuery extends PageQuery {
  status?: BookingStatus;
  sort: BookingSort;
}

interface BookingsQuery extends EventBookingsQuery {
  event_id?: string;
}

const eventBookingsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { status: bookingStatusQuery, sort: bookingSortQuery, ...paginationQueryProperties },
} as const;

const bookingsQuery = {
  ...eventBookingsQuery,
  properties: { ...eventBookingsQuery.properties, event_id: uuidSchema },
} as const;

const tags = ['admin'];

/** Every user's bookings, for admins: filtered, sorted, paginated. */
export function adminBookingsRoutes({ booking, catalog, authenticate, requireAdmin }: AdminBookingsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: BookingsQuery }>(
      '/admin/bookings',
      {
        schema: {
          tags,
          operationId: 'listBookings',
          summary: 'All bookings',
          description: 'Filter by `status` and `event_id`; a `limit` above 100 is served as 100.',
          querystring: bookingsQuery,
          response: { 200: { description: 'A page of bookings', ...ref(bookingPage) } },
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request) => {
        const { status = '', event_id = '', sort } = request.query;
        const page = pageRequest(request.query);
        const result = await booking.ListBookings({ status, event_id, sort, ...page }, { token: callerOf(request).token });
        return { data: result.bookings.map(presentBooking), meta: pageMeta(page, result.total) };
      },
    );

    app.get<{ Params: IdParams; Querystring: EventBookingsQuery }>(
      '/admin/events/:id/bookings',
      {
        schema: {
          tags,
          operationId: 'listEventBookings',
          summary: 'The bookings of one event',
          description: 'An unknown event is 404. A `limit` above 100 is served as 100.',
          params: idParams,
          querystring: eventBookingsQuery,
          response: { 200: { description: 'A page of the event’s bookings', ...ref(bookingPage) } },
          errors: ['NOT_FOUND'],
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request) => {
        const { id } = request.params;
        const { status = '', sort } = request.query;
        const page = pageRequest(request.query);
        const { token } = callerOf(request);
        // The event lookup only tells an unknown event (404) from one without bookings (empty page).
        const [event, result] = await Promise.allSettled([
          catalog.GetEvent({ id }, { token }),
          booking.ListBookings({ status, event_id: id, sort, ...page }, { token }),
        ]);
        if (event.status === 'rejected') throw event.reason;
        if (result.status === 'rejected') throw result.reason;
        return { data: result.value.bookings.map(presentBooking), meta: pageMeta(page, result.value.total) };
      },
    );
  };
}
