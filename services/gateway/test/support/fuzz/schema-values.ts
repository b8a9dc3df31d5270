import fc from 'fast-check';
import { hostileValue } from './hostile-values';

/** The part of JSON Schema (as the gateway's OpenAPI document writes it) that values are drawn from. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/** Ids of things that exist in the stack, so that valid-looking requests reach the services' logic. */
export interface IdPools {
  /** Ids for a field of this name (`event_id`, `seat_ids`, `booking_id`), else any known id. */
  idsFor(field: string): string[];
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Times a client might send as `starts_at`, `from` or `to`: sound, past, far, and oddly written. */
export const dateTime = fc.oneof(
  fc.integer({ min: -400, max: 4_000 }).map(inDays),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '2027-08-01T19:00:00+07:00',
    '2027-08-01T19:00:00.123456789Z',
    '2027-08-01T19:00:00-23:59',
    '2027-02-29T00:00:00Z',
    '2027-08-01T24:00:00Z',
    '2027-08-01T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
  ),
);

function stringValue(schema: JsonSchema, field: string, pools: IdPools): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...pools.idsFor(field)), fc.uuid());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time') return dateTime;
  const maxLength = (schema.maxLength ?? 40) + 1;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, 'u'), { maxLength });
  return fc.string({ minLength: schema.minLength ?? 0, maxLength });
}

/**
 * Mostly small values from the bottom of the range (a valid event then has a few hundred seats,
 * not the 100,000 whose materializing would slow every other request), now and then anywhere in
 * it, and its bounds and just past them.
 */
function integerValue(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000;
  const max = schema.maximum ?? 1_000_000;
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 10) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max, min - 1, max + 1) },
  );
}

/**
 * Values that mostly satisfy `schema`, each part now and then swapped for a hostile one: such
 * requests get past the gateway's validation to the services, where the deeper faults are.
 */
export function nearlyValid(schema: JsonSchema, pools: IdPools, field = ''): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: schemaValue(schema, pools, field) }, { weight: 1, arbitrary: hostileValue });
}

function schemaValue(schema: JsonSchema, pools: IdPools, field: string): fc.Arbitrary<unknown> {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) return fc.oneof(...branches.map((branch) => schemaValue(branch, pools, field)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return stringValue(schema, field, pools);
    case 'integer':
      return integerValue(schema);
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(nearlyValid(schema.items ?? {}, pools, field), { maxLength: (schema.maxItems ?? 4) + 1 });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      // A required member is left out one time in eight, an optional one half of the time.
      const members = properties.map(([name, member]) =>
        fc.tuple(fc.constant(name), fc.option(nearlyValid(member, pools, name), { nil: undefined, freq: required.has(name) ? 8 : 2 })),
      );
      return fc.tuple(...members).map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== undefined)));
    }
    default:
      return hostileValue;
  }
}
