import type { ErrorObject, ValidateFunction } from 'ajv';

/** A plain decimal numeral: what a person or a client library writes for a page number. */
const DECIMAL_NUMERAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

type Snapshot = Map<string, unknown>;

/** The text values of a query/params/headers object before Ajv coerces them in place. */
function snapshotOf(data: unknown): Snapshot | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const snapshot: Snapshot = new Map();
  for (const [key, value] of Object.entries(data)) snapshot.set(key, Array.isArray(value) ? [...(value as unknown[])] : value);
  return snapshot;
}

/** Whether `after` is a number Ajv made from text that is no finite decimal numeral. */
function isLooseNumber(before: unknown, after: unknown): boolean {
  if (typeof after !== 'number' || typeof before !== 'string') return false;
  return !Number.isFinite(after) || !DECIMAL_NUMERAL.test(before);
}

function looseNumberErrors(snapshot: Snapshot, data: Record<string, unknown>): ErrorObject[] {
  const errors: ErrorObject[] = [];
  for (const [key, before] of snapshot) {
    const after = data[key];
    const pairs: [unknown, unknown][] = Array.isArray(after)
      ? after.map((item, index) => [Array.isArray(before) ? before[index] : before, item])
      : [[before, after]];
    if (!pairs.some(([b, a]) => isLooseNumber(b, a))) continue;
    errors.push({
      instancePath: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'number' },
      message: 'must be a finite decimal number',
    });
  }
  return errors;
}

/**
 * Wraps the validator of a text part (query, params, headers) so that a number it coerced from
 * text must be a finite decimal numeral. Ajv coerces `"Infinity"`, `"1e400"` and `"0x10"` to
 * numbers, and its `minimum`/`maximum` checks skip a non-finite number, so `page=Infinity` passed
 * validation and failed further in (500). The wrapper keeps Ajv's `schemaEnv`, which Fastify needs
 * to let Ajv coerce the part in place.
 */
export function rejectLooseNumbers(validate: ValidateFunction): ValidateFunction {
  const strict = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    const snapshot = snapshotOf(data);
    const valid = validate(data, context);
    const errors = valid && snapshot ? looseNumberErrors(snapshot, data as Record<string, unknown>) : [];
    strict.errors = valid ? (errors.length > 0 ? errors : null) : validate.errors;
    return valid && errors.length === 0;
  }) as ValidateFunction;
  Object.assign(strict, { schema: validate.schema, schemaEnv: validate.schemaEnv });
  return strict;
}
