import { ROLES } from '@ticres/shared';

/**
 * JSON schemas shared by the routes. They are plain objects, inlined into each route, so the
 * validator, the response serializer and the OpenAPI document all read the same definition.
 */

const PROBLEM_TYPE = 'application/problem+json';

export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine `code`.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine code, e.g. VALIDATION_FAILED.' },
    request_id: { type: 'string', description: 'The request id (also the X-Request-Id header): quote it when reporting a problem.' },
    errors: {
      type: 'array',
      description: 'The bad fields of a 400.',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

/** Error responses every route can give, documented and serialized as problem+json. */
export const problemResponses = {
  '4xx': { description: 'Client error', content: { [PROBLEM_TYPE]: { schema: problemSchema } } },
  '5xx': { description: 'Server error', content: { [PROBLEM_TYPE]: { schema: problemSchema } } },
} as const;

/** `{ "data": <schema> }`, the envelope of every success body. */
export const dataOf = <Schema extends object>(schema: Schema) =>
  ({
    type: 'object',
    required: ['data'],
    additionalProperties: false,
    properties: { data: schema },
  }) as const;


export const userSchema = {
  type: 'object',
  required: ['id', 'name', 'email', 'role', 'created_at'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    email: { type: 'string', format: 'email' },
    role: { type: 'string', enum: ROLES },
    created_at: { type: 'string', format: 'date-time' },
  },
} as const;

export const tokenPairSchema = {
  type: 'object',
  required: ['access_token', 'refresh_token', 'token_type', 'expires_in'],
  additionalProperties: false,
  properties: {
    access_token: { type: 'string' },
    refresh_token: { type: 'string' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
  },
} as const;

/** Marks a route as needing `Authorization: Bearer <access token>` in the OpenAPI document. */
export const bearerSecurity = [{ bearerAuth: [] }];

export const uuidSchema = { type: 'string', format: 'uuid' } as const;

/** Path parameters `{ id }`, a UUID. */
export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: uuidSchema },
} as const;

export interface IdParams {
  id: string;
}
