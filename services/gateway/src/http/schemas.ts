import { ROLES } from '@ticres/shared';
import { component, dataOf } from './components';
import { ERROR_CODES } from './problem';

/**
 * JSON schemas shared by the routes. The validator, the response serializer and the OpenAPI
 * document all read the same definition.
 */

export const uuidSchema = { type: 'string', format: 'uuid' } as const;
export const dateTimeSchema = { type: 'string', format: 'date-time' } as const;

export const problemSchema = component(
  'Problem',
  {
    type: 'object',
    description: 'RFC 9457 problem details with a stable machine `code`.',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', enum: ERROR_CODES, description: 'Stable machine code; each response lists the ones it can carry.' },
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
  },
  {
    type: 'https://ticres.example.com/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: 'Booking not found.',
    code: 'NOT_FOUND',
  },
);

export const userSchema = component(
  'User',
  {
    type: 'object',
    required: ['id', 'name', 'email', 'role', 'created_at'],
    additionalProperties: false,
    properties: {
      id: uuidSchema,
      name: { type: 'string' },
      email: { type: 'string', format: 'email' },
      role: { type: 'string', enum: ROLES },
      created_at: dateTimeSchema,
    },
  },
  {
    id: '0193a5b2-6c1d-7e2f-8a3b-4c5d6e7f8091',
    name: 'Ayu Lestari',
    email: 'ayu@example.com',
    role: 'customer',
    created_at: '2026-07-01T09:30:00.000Z',
  },
);

export const tokenPairSchema = component(
  'TokenPair',
  {
    type: 'object',
    required: ['access_token', 'refresh_token', 'token_type', 'expires_in'],
    additionalProperties: false,
    properties: {
      access_token: { type: 'string' },
      refresh_token: { type: 'string' },
      token_type: { type: 'string', enum: ['Bearer'] },
      expires_in: { type: 'integer', description: 'Seconds until the access token expires.' },
    },
  },
  {
    access_token: 'eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0.eyJzdWIiOiIwMTkzYTViMiJ9.c2lnbmF0dXJl',
    refresh_token: 'rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    token_type: 'Bearer',
    expires_in: 900,
  },
);

export const userResponse = dataOf(userSchema);
export const tokenPairResponse = dataOf(tokenPairSchema);

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
