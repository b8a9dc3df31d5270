import type { FastifyPluginAsync } from 'fastify';
import type { catalogV1 } from '@ticres/proto';
import { EVENT_LIMITS } from '@ticres/shared/limits';
import type { CatalogClient } from '../catalog-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { ref } from '../http/components';
import { idParams, type IdParams } from '../http/schemas';
import { singleLineText } from '../http/text-schemas';
import { eventResponse, updateEventBody, type UpdateEventBody } from './event.schemas';
import { presentEvent } from './present';
import { toProtoSection } from './to-proto';

export interface AdminEventsRoutesDeps {
  catalog: CatalogClient;
  authenticate: AuthHook;
  requireAdmin: AuthHook;
}

interface CancelEventQuery {
  reason?: string;
}

const cancelEventQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: {
      ...singleLineText(1, EVENT_LIMITS.cancelReasonLength),
      description: 'Told to the people who had booked.',
    },
  },
} as const;

const tags = ['admin'];

/** Only the fields the admin sent: an absent optional field leaves the event's value as it is. */
function toUpdateRequest(id: string, body: UpdateEventBody): catalogV1.UpdateEventRequest {
  return {
    id,
    ...(body.name !== undefined && { name: body.name }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.location !== undefined && { location: body.location }),
    ...(body.starts_at !== undefined && { starts_at: body.starts_at }),
    add_sections: (body.add_sections ?? []).map(toProtoSection),
  };
}

/** Admin changes to events: edit, and cancel (which starts the refund saga). */
export function adminEventsRoutes({ catalog, authenticate, requireAdmin }: AdminEventsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.put<{ Params: IdParams; Body: UpdateEventBody }>(
      '/admin/events/:id',
      {
        schema: {
          tags,
          operationId: 'updateEvent',
          summary: 'Edit an event',
          description: 'Send at least one field. Sections can only be added (`add_sections`), never changed or removed.',
          params: idParams,
          body: ref(updateEventBody),
          response: { 200: { description: 'The event as it is now', ...ref(eventResponse) } },
          errors: ['NOT_FOUND', 'EVENT_NOT_AVAILABLE', 'CONFLICT', 'RATE_LIMITED'],
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request) => {
        const event = await catalog.UpdateEvent(toUpdateRequest(request.params.id, request.body), {
          token: callerOf(request).token,
        });
        return { data: presentEvent(event) };
      },
    );

    app.delete<{ Params: IdParams; Querystring: CancelEventQuery }>(
      '/admin/events/:id',
      {
        schema: {
          tags,
          operationId: 'cancelEvent',
          summary: 'Cancel an event',
          description: 'Answers 202 once the event is cancelled; its pending bookings are then cancelled and its paid ones refunded in the background.',
          params: idParams,
          querystring: cancelEventQuery,
          response: { 202: { description: 'The event, cancelled; refunds follow', ...ref(eventResponse) } },
          errors: ['NOT_FOUND', 'EVENT_NOT_AVAILABLE', 'CONFLICT', 'RATE_LIMITED'],
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request, reply) => {
        const event = await catalog.CancelEvent({ id: request.params.id, reason: request.query.reason ?? '' }, { token: callerOf(request).token });
        return reply.code(202).send({ data: presentEvent(event) });
      },
    );
  };
}
