import { isUuid } from '../ids';
import { EVENT_VERSION, type EventEnvelope } from './events';

export type ParsedEnvelope = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a message body against the envelope every producer writes. `knownTypes` are the types
 * this consumer handles; anything else cannot be applied, now or on a retry. Versions newer than
 * this build's EVENT_VERSION are refused too: a handler written for v1 must not guess at v2.
 * `data` is not checked field by field: producers build it from the same typed module.
 */
export function parseEnvelope(body: Buffer, knownTypes: ReadonlySet<string>): ParsedEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'body is not an object' };
  const { id, type, version, occurred_at: occurredAt, aggregate_id: aggregateId, data } = value;
  if (typeof id !== 'string' || !isUuid(id)) return { ok: false, reason: 'id is not a UUID' };
  if (typeof type !== 'string' || !knownTypes.has(type)) return { ok: false, reason: `unknown type ${String(type)}` };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > EVENT_VERSION) {
    return { ok: false, reason: `unsupported version ${String(version)}` };
  }
  if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) {
    return { ok: false, reason: 'occurred_at is not a time' };
  }
  if (typeof aggregateId !== 'string' || !isUuid(aggregateId)) return { ok: false, reason: 'aggregate_id is not a UUID' };
  if (!isObject(data)) return { ok: false, reason: 'data is not an object' };
  return { ok: true, envelope: value as unknown as EventEnvelope };
}
