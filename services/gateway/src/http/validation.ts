import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { rejectLooseNumbers } from './text-numbers';

const shared: Options = { allErrors: true, removeAdditional: false };

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ ...shared, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * Two validators instead of Fastify's one: bodies are JSON and must already have the right
 * types (`"5"` is not a number there), while params, querystring and headers are text by nature
 * and are coerced, numbers from plain finite decimal numerals only (`rejectLooseNumbers`).
 * Neither strips unknown properties: a body schema with `additionalProperties: false` rejects
 * them (400) rather than dropping them silently. `sharedSchemas` are the named ones routes point
 * at with `$ref`.
 */
export function createValidatorCompiler(sharedSchemas: readonly object[] = []): FastifySchemaCompiler<unknown> {
  const bodies = ajvWith({ coerceTypes: false, useDefaults: false }).addSchema([...sharedSchemas]);
  const textParts = ajvWith({ coerceTypes: 'array', useDefaults: true }).addSchema([...sharedSchemas]);
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodies.compile(schema as object) : rejectLooseNumbers(textParts.compile(schema as object)));
}
