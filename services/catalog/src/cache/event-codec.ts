import type { CatalogEvent } from '../domain/event';
import type { EventPage } from '../usecases/ports';

/** Bumped whenever the cached shape changes, so replicas of two releases ignore each other's entries. */
const FORMAT = 1;

export interface Codec<T> {
  encode(value: T): string;
  /** Undefined when the text is not an entry of this format: the caller treats it as a miss. */
  decode(text: string): { value: T } | undefined;
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | undefined ? string | undefined : T[K] };

function reviveEvent(json: Json<CatalogEvent>): CatalogEvent {
  return {
    ...json,
    startsAt: new Date(json.startsAt),
    createdAt: new Date(json.createdAt),
    updatedAt: new Date(json.updatedAt),
    cancelledAt: json.cancelledAt === undefined ? undefined : new Date(json.cancelledAt),
  };
}

function codecOf<T, Stored>(revive: (stored: Stored) => T): Codec<T> {
  return {
    encode: (value) => JSON.stringify({ format: FORMAT, value: value ?? null }),
    decode(text) {
      try {
        const entry = JSON.parse(text) as { format?: number; value?: Stored | null };
        if (entry.format !== FORMAT || entry.value === undefined) return undefined;
        return { value: revive(entry.value as Stored) };
      } catch {
        return undefined;
      }
    },
  };
}

/** An event, or the answer that it does not exist (cached too, so unknown ids do not reach Postgres). */
export const eventCodec: Codec<CatalogEvent | undefined> = codecOf<CatalogEvent | undefined, Json<CatalogEvent> | null>((stored) =>
  stored === null ? undefined : reviveEvent(stored),
);

export const pageCodec: Codec<EventPage> = codecOf<EventPage, Omit<EventPage, 'events'> & { events: Json<CatalogEvent>[] }>((stored) => ({
  ...stored,
  events: stored.events.map(reviveEvent),
}));
