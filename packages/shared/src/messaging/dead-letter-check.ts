import type { Message } from 'amqplib';
import { EVENT_PUBLISHERS, type PublisherUsers } from './event-publishers';
import { parseEnvelope } from './parse-envelope';
import { isRetriedCopy } from './retry-later';

const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(EVENT_PUBLISHERS));

/** What a parked message is, as the dead-letter command shows it. */
export interface DeadLetter {
  /** The envelope's id (the outbox row's, `message_id`), or the message's `message_id` if unreadable. */
  id: string | null;
  type: string | null;
  /** Who published the copy that was parked (its broker-validated `user_id`). */
  sentBy: string | null;
  /** Why it was parked: `rejected` (by the consumer), `delivery_limit`, ... (`x-first-death-reason`). */
  reason: string | null;
  /** When it was first parked, if the broker says. */
  parkedAt: string | null;
  /** Why a replay is refused; null when it may be replayed. */
  refusal: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The time of the first death in `x-death`, which amqplib decodes as seconds since the epoch. */
function firstDeathTime(headers: Record<string, unknown>): string | null {
  const deaths = headers['x-death'];
  const first: unknown = Array.isArray(deaths) ? deaths.at(-1) : undefined;
  const time: unknown = typeof first === 'object' && first !== null ? (first as { time?: unknown }).time : undefined;
  const seconds = typeof time === 'number' ? time : typeof time === 'object' && time !== null ? Number((time as { value?: unknown }).value) : NaN;
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null;
}

/**
 * Describes a parked message of the queue consumed as `ownUser`, and says whether replaying it is
 * safe. A replayed copy comes back from its consumer's own user, which the consumer accepts as it
 * accepts its own retry copies; so a replay must never launder a message its consumer refused for
 * its sender. Replayable: a readable envelope whose sender is its type's publisher, or one of the
 * consumer's own retry copies (whose original passed that check).
 */
export function describeDeadLetter(message: Message, publishers: PublisherUsers, ownUser: string): DeadLetter {
  const headers = message.properties.headers ?? {};
  const sentBy = text(message.properties.userId);
  const parsed = parseEnvelope(message.content, EVENT_TYPES);
  const described = {
    id: parsed.ok ? parsed.envelope.id : text(message.properties.messageId),
    type: parsed.ok ? parsed.envelope.type : null,
    sentBy,
    reason: text(headers['x-first-death-reason']),
    parkedAt: firstDeathTime(headers),
  };
  if (!parsed.ok) return { ...described, refusal: `not an event this build can read (${parsed.reason})` };
  const publisher = publishers[EVENT_PUBLISHERS[parsed.envelope.type]];
  const ownRetry = isRetriedCopy(message) && sentBy === ownUser;
  if (sentBy !== publisher && !ownRetry) {
    return { ...described, refusal: `sent by ${sentBy ?? 'nobody named'}, not by ${publisher}, the publisher of ${parsed.envelope.type}` };
  }
  return { ...described, refusal: null };
}
