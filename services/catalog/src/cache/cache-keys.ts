import { createHash } from 'node:crypto';
import type { EventQuery } from '../domain/event-query';

/*
 * A cached answer lives at `<prefix>:v<version>:<suffix>`. Every write increments
 * `<prefix>:version`, so what was cached before it is never read again and simply expires.
 */

export const versionKey = (prefix: string): string => `${prefix}:version`;

export const entryKey = (prefix: string, version: string, suffix: string): string => `${prefix}:v${version}:${suffix}`;

/** `id` is a UUID already lower-cased by the use case. */
export const eventSuffix = (id: string): string => `event:${id}`;

/**
 * One suffix per distinct answer: the fields of the canonical query (see parseEventQuery) in a
 * fixed order, times as UTC instants, absent filters as null; SHA-1 keeps the key short.
 */
export function listSuffix(query: EventQuery): string {
  const canonical = [
    query.search ?? null,
    query.status ?? null,
    query.from?.toISOString() ?? null,
    query.to?.toISOString() ?? null,
    query.page,
    query.limit,
  ];
  return `list:${createHash('sha1').update(JSON.stringify(canonical)).digest('hex')}`;
}
