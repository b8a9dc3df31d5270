import type { FastifySchemaValidationError } from 'fastify';
import type { FieldError } from '@ticres/shared';
import { PATTERN_MESSAGES } from '@ticres/shared/limits';

/** `/sections/0/name` -> `sections[0].name` (JSON Pointer unescaped). */
function fieldPath(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

const stringParam = (params: Record<string, unknown>, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
};

/** An enum longer than this (the currencies) is not spelt out in a 400. */
const MAX_LISTED_VALUES = 20;

function toFieldError(error: FastifySchemaValidationError, part: string): FieldError {
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return { field: fieldPath(error.instancePath, stringParam(params, 'missingProperty')), message: 'is required' };
    case 'additionalProperties':
      return {
        field: fieldPath(error.instancePath, stringParam(params, 'additionalProperty')),
        message: 'is not allowed',
      };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const message = allowed.length > MAX_LISTED_VALUES ? 'must be one of the values the API document lists' : `must be one of: ${allowed.join(', ')}`;
      return { field: fieldPath(error.instancePath) || part, message };
    }
    case 'pattern':
      // Ajv would quote the pattern; the shared rules have a message a person can read.
      return {
        field: fieldPath(error.instancePath) || part,
        message: PATTERN_MESSAGES[stringParam(params, 'pattern') ?? ''] ?? error.message ?? 'is invalid',
      };
    default:
      // Ajv's own messages ("must be string", "must NOT have fewer than 8 characters") hold no
      // input values, so they are safe to pass on.
      return { field: fieldPath(error.instancePath) || part, message: error.message ?? 'is invalid' };
  }
}

/** Errors that say the object has the wrong set of properties, rather than a wrong value. */
const SHAPE_KEYWORDS = new Set(['required', 'additionalProperties']);

const isWithin = (instancePath: string, parent: string) => instancePath === parent || instancePath.startsWith(`${parent}/`);

/**
 * Ajv answers a failed `oneOf` with the errors of every branch, most of them beside the point
 * (a seated section "must have capacity"). This keeps the branch the caller evidently meant and
 * drops the others and the bare "must match exactly one schema", so the 400 says what to fix in
 * that form. The branch meant is the one whose shape fits best: the fewest missing or unknown
 * properties of the object itself, then the fewest errors overall, then the first. A `oneOf` that
 * failed because several branches matched has no branch errors and is kept as it is.
 */
function closestOneOfBranches(validation: FastifySchemaValidationError[]): FastifySchemaValidationError[] {
  let kept = validation;
  // Outer alternatives first: dropping a branch drops the nested oneOfs inside it as well.
  const oneOfs = validation.filter((error) => error.keyword === 'oneOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const oneOf of oneOfs) {
    if (!kept.includes(oneOf)) continue;
    const prefix = `${oneOf.schemaPath}/`;
    const branchOf = (error: FastifySchemaValidationError): string | undefined =>
      error.schemaPath.startsWith(prefix) && isWithin(error.instancePath, oneOf.instancePath)
        ? error.schemaPath.slice(prefix.length).split('/')[0]
        : undefined;
    // Per branch: [errors in the object's own shape, errors in all].
    const scores = new Map<string, [number, number]>();
    for (const error of kept) {
      const branch = branchOf(error);
      if (branch === undefined) continue;
      const [shape, all] = scores.get(branch) ?? [0, 0];
      const ofShape = SHAPE_KEYWORDS.has(error.keyword) && error.instancePath === oneOf.instancePath;
      scores.set(branch, [shape + (ofShape ? 1 : 0), all + 1]);
    }
    if (scores.size === 0) continue;
    const [closest] = [...scores].sort(([a, [shapeA, allA]], [b, [shapeB, allB]]) => shapeA - shapeB || allA - allB || Number(a) - Number(b))[0]!;
    kept = kept.filter((error) => {
      if (error === oneOf) return false;
      const branch = branchOf(error);
      return branch === undefined || branch === closest;
    });
  }
  return kept;
}

/**
 * The bad fields of a failed schema validation, one entry per field and problem. A problem with
 * the whole part (a body that is not an object) is reported under the part's name, e.g. `body`.
 */
export function fieldErrorsOf(validation: FastifySchemaValidationError[], part = 'body'): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const error of closestOneOfBranches(validation)) {
    const fieldError = toFieldError(error, part);
    const key = `${fieldError.field}\u0000${fieldError.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(fieldError);
  }
  return errors;
}
