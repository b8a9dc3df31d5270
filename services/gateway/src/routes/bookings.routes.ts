import { GATEWAY_TOKEN_METADATA } from '@ticres/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { BookingClient } from '../booking-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { created, locationOf, ref } from '../http/components';
import { pageMeta, pageRequest, paginationQueryProperties, type PageQuery } from '../http/pagination';
import type { OwnToken } from '../http/own-token';
import { idParams, type IdParams } from '../http/schemas';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyHeaders, type IdempotencyKeyHeaders } from '../http/idempotency';
import { bookingPage, bookingResponse, holdSeatsBody, type HoldSeatsBody } from './booking.schemas';
import { presentBooking } from './present';

export interface BookingsRoutesDeps {
  booking: BookingClient;
  authenticate: AuthHook;
  /** The gateway's own token: it vouches for the client address of a hold. */
  ownToken: OwnToken;
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
export function bookingsRoutes({ booking, authenticate, ownToken }: BookingsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: HoldSeatsBody; Headers: IdempotencyKeyHeaders }>(
      '/bookings',
      {
        schema: {
          tags,
          operationId: 'holdSeats',
          summary: 'Hold seats',
          description:
            'Holds the named seats (`seat_ids`) or the best available `quantity` (adjacent where possible, optionally in one `section`), all or none, for a limited time (`expires_at`). A seat already taken is 409 SEAT_UNAVAILABLE.',
          headers: idempotencyKeyHeaders,
          body: ref(holdSeatsBody),
          response: { 201: created('The booking, its seats held until `expires_at`; a replay answers the first booking again', bookingResponse) },
          errors: [
            'NOT_FOUND',
            'SEAT_UNAVAILABLE',
            'EVENT_NOT_AVAILABLE',
            'IDEMPOTENCY_IN_PROGRESS',
            'LIMIT_EXCEEDED',
            'USER_SEAT_LIMIT_EXCEEDED',
            'ADDRESS_SEAT_LIMIT_EXCEEDED',
            'IDEMPOTENCY_KEY_REUSED',
            'HOLD_COOLDOWN',
            'RATE_LIMITED',
          ],
        },
        onRequest: [authenticate],
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
            // Booking limits the seats held per client address (TRUST_PROXY decides what that is),
            // and believes it only with the gateway's own token beside the person's.
            client_address: request.ip,
          },
          { token: callerOf(request).token, metadata: { [GATEWAY_TOKEN_METADATA]: await ownToken(request) } },
        );
        return reply
          .code(201)
          .header('location', locationOf(request.routeOptions.url!, held.id))
          .send({ data: presentBooking(held) });
      },
    );

    app.get<{ Params: IdParams }>(
      '/bookings/:id',
      {
        schema: {
          tags,
          operationId: 'getBooking',
          summary: 'One of the caller’s bookings',
          params: idParams,
          response: { 200: { description: 'The booking', ...ref(bookingResponse) } },
          errors: ['NOT_FOUND'],
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
          operationId: 'cancelBooking',
          summary: 'Cancel one of the caller’s pending bookings',
          description: 'Releases its seats at once. Only a PENDING booking can be cancelled.',
          params: idParams,
          response: { 200: { description: 'The booking, CANCELLED', ...ref(bookingResponse) } },
          errors: ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'],
        },
        onRequest: [authenticate],
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
          operationId: 'listMyBookings',
          summary: 'The caller’s bookings, newest first',
          description: 'A `limit` above 100 is served as 100.',
          querystring: pageQuery,
          response: { 200: { description: 'A page of the caller’s bookings', ...ref(bookingPage) } },
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
