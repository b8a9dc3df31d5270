import type { FastifySchemaValidationError } from 'fastify';
import type { FieldError } from '@ticres/shared';

/** `/sections/0/name` -> `sections[0].name` (JSON Pointer unescaped). */
function fieldPath(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  return segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    '',
  );
}

const stringParam = (params: Record<string, unknown>, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
};

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
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.join(', ') : '';
      return { field: fieldPath(error.instancePath) || part, message: `must be one of: ${allowed}` };
    }
    default:
      // Ajv's own messages ("must be string", "must NOT have fewer than 8 characters") hold no
      // input values, so they are safe to pass on.
      return { field: fieldPath(error.instancePath) || part, message: error.message ?? 'is invalid' };
  }
}

/**
 * The bad fields of a failed schema validation, one entry per field and problem. A problem with
 * the whole part (a body that is not an object) is reported under the part's name, e.g. `body`.
 */
export function fieldErrorsOf(validation: FastifySchemaValidationError[], part = 'body'): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const error of validation) {
    const fieldError = toFieldError(error, part);
    const key = `${fieldError.field}\u0000${fieldError.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(fieldError);
  }
  return errors;
}
