import type { catalogV1 } from '@ticres/proto';
import { unary, type Logger, type WriteLimit } from '@ticres/shared';
import type { CancelEvent } from '../usecases/cancel-event';
import type { CreateEvent } from '../usecases/create-event';
import type { GetEvent } from '../usecases/get-event';
import type { ListEvents } from '../usecases/list-events';
import type { UpdateEvent } from '../usecases/update-event';
import { fromProtoChanges, fromProtoSection } from './from-proto';
import { toProtoEvent, toProtoPage } from './to-proto';

export interface CatalogHandlerDeps {
  logger: Logger;
  /** Proves the caller of each write from the `authorization` metadata and counts it against WRITE_LIMIT_PER_USER; reads are public. */
  writes: WriteLimit;
  createEvent: CreateEvent;
  updateEvent: UpdateEvent;
  cancelEvent: CancelEvent;
  getEvent: GetEvent;
  listEvents: ListEvents;
}

/** `ticres.catalog.v1.CatalogService`: decode, call the use case, encode. Errors map in `unary`. */
export function createCatalogHandlers(deps: CatalogHandlerDeps): catalogV1.CatalogServiceHandlers {
  const { logger, writes } = deps;
  return {
    CreateEvent: unary(logger, async (request: catalogV1.CreateEventRequest__Output, context) => {
      const caller = await writes.person(context.token);
      const event = await deps.createEvent(caller, {
        name: request.name,
        description: request.description,
        location: request.location,
        startsAt: request.starts_at,
        currency: request.currency,
        sections: request.sections.map(fromProtoSection),
      });
      return toProtoEvent(event);
    }),

    UpdateEvent: unary(logger, async (request: catalogV1.UpdateEventRequest__Output, context) => {
      const caller = await writes.person(context.token);
      return toProtoEvent(await deps.updateEvent(caller, fromProtoChanges(request)));
    }),

    CancelEvent: unary(logger, async (request: catalogV1.CancelEventRequest__Output, context) => {
      const caller = await writes.person(context.token);
      return toProtoEvent(await deps.cancelEvent(caller, { id: request.id, reason: request.reason }));
    }),

    GetEvent: unary(logger, async (request: catalogV1.GetEventRequest__Output) => toProtoEvent(await deps.getEvent(request.id))),

    ListEvents: unary(logger, async (request: catalogV1.ListEventsRequest__Output) =>
      toProtoPage(
        await deps.listEvents({
          search: request.search,
          status: request.status,
          from: request.from,
          to: request.to,
          page: request.page,
          limit: request.limit,
        }),
      ),
    ),
  };
}
