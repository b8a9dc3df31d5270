import type { FastifyPluginAsync } from 'fastify';
import type { BookingClient } from '../booking-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { pageMeta, pageOf, pageRequest, paginationQueryProperties, type PageQuery } from '../http/pagination';
import { bearerSecurity, dataOf, idParams, problemResponses, type IdParams } from '../http/schemas';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyHeaders, type IdempotencyKeyHeaders } from '../http/idempotency';
import { bookingSchema, holdSeatsBody, type HoldSeatsBody } from './booking.schemas';
import { presentBooking } from './present';

export interface BookingsRoutesDeps {
  booking: BookingClient;
  authenticate: AuthHook;
  /** Counts the write against the caller's per-user limit (429 past it). */
  limitWrites: AuthHook;
}

const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...paginationQueryProperties },
} as const;

const tags = ['bookings'];

/**
 * The caller's own bookings. Booking checks ownership: another user's booking is NOT_FOUND
 * (404), so its existence is not revealed.
 */
export function bookingsRoutes({ booking, authenticate, limitWrites }: BookingsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: HoldSeatsBody; Headers: IdempotencyKeyHeaders }>(
      '/bookings',
      {
        schema: {
          tags,
          summary: 'Hold seats',
          description:
            'Holds the named seats (`seat_ids`) or the best available `quantity` (adjacent where possible, optionally in one `section`), all or none, for a limited time (`expires_at`). A seat already taken is 409 SEAT_UNAVAILABLE.',
          security: bearerSecurity,
          headers: idempotencyKeyHeaders,
          body: holdSeatsBody,
          response: { 201: dataOf(bookingSchema), ...problemResponses },
        },
        onRequest: [authenticate],
        preHandler: limitWrites,
      },
      async (request, reply) => {
        const { body } = request;
        const held = await booking.HoldSeats(
          {
            event_id: body.event_id,
            seat_ids: 'seat_ids' in body ? body.seat_ids : [],
            quantity: 'quantity' in body ? body.quantity : 0,
            section: 'quantity' in body ? (body.section ?? '') : '',
            idempotency_key: request.headers[IDEMPOTENCY_KEY_HEADER] ?? '',
            // Booking limits the seats held per client address (TRUST_PROXY decides what that is).
            client_address: request.ip,
          },
          { token: callerOf(request).token },
        );
        return reply.code(201).send({ data: presentBooking(held) });
      },
    );

    app.get<{ Params: IdParams }>(
      '/bookings/:id',
      {
        schema: {
          tags,
          summary: 'One of the caller’s bookings',
          security: bearerSecurity,
          params: idParams,
          response: { 200: dataOf(bookingSchema), ...problemResponses },
        },
        onRequest: [authenticate],
      },
      async (request) => {
        const found = await booking.GetBooking({ id: request.params.id }, { token: callerOf(request).token });
        return { data: presentBooking(found) };
      },
    );

    app.delete<{ Params: IdParams }>(
      '/bookings/:id',
      {
        schema: {
          tags,
          summary: 'Cancel one of the caller’s pending bookings',
          description: 'Releases its seats at once. Only a PENDING booking can be cancelled.',
          security: bearerSecurity,
          params: idParams,
          response: { 200: dataOf(bookingSchema), ...problemResponses },
        },
        onRequest: [authenticate],
        preHandler: limitWrites,
      },
      async (request) => {
        const cancelled = await booking.CancelBooking({ id: request.params.id }, { token: callerOf(request).token });
        return { data: presentBooking(cancelled) };
      },
    );

    app.get<{ Querystring: PageQuery }>(
      '/me/bookings',
      {
        schema: {
          tags,
          summary: 'The caller’s bookings, newest first',
          description: 'A `limit` above 100 is served as 100.',
          security: bearerSecurity,
          querystring: pageQuery,
          response: { 200: pageOf(bookingSchema), ...problemResponses },
        },
        onRequest: [authenticate],
      },
      async (request) => {
        const page = pageRequest(request.query);
        const result = await booking.ListMyBookings(page, { token: callerOf(request).token });
        return { data: result.bookings.map(presentBooking), meta: pageMeta(page, result.total) };
      },
    );
  };
}
