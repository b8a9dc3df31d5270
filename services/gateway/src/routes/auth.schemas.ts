import { ROLES } from '@ticres/shared';
import { USER_LIMITS } from '@ticres/shared/limits';
import { component } from '../http/components';
import { singleLineText } from '../http/text-schemas';

/** JSON schemas of the account routes' request bodies. */

export const registerBody = component(
  'RegisterRequest',
  {
    type: 'object',
    required: ['name', 'email', 'password'],
    additionalProperties: false,
    properties: {
      name: singleLineText(1, USER_LIMITS.nameLength),
      email: { type: 'string', format: 'email', maxLength: USER_LIMITS.emailLength },
      // Characters here; auth also enforces the 72-byte bcrypt limit on the UTF-8 bytes.
      password: { type: 'string', minLength: 8, maxLength: 72 },
    },
  },
  { name: 'Ayu Lestari', email: 'ayu@example.com', password: 'correct horse battery' },
);

export const loginBody = component(
  'LoginRequest',
  {
    type: 'object',
    required: ['email', 'password'],
    additionalProperties: false,
    properties: {
      // Bounded but not format-checked: a malformed email is just a failed login, like auth says.
      email: singleLineText(1, USER_LIMITS.emailLength),
      password: { type: 'string', minLength: 1, maxLength: 72 },
    },
  },
  { email: 'ayu@example.com', password: 'correct horse battery' },
);

export const refreshTokenBody = component(
  'RefreshTokenRequest',
  {
    type: 'object',
    required: ['refresh_token'],
    additionalProperties: false,
    properties: { refresh_token: { type: 'string', minLength: 1, maxLength: 512 } },
  },
  { refresh_token: 'rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0' },
);

export const setRoleBody = component(
  'SetRoleRequest',
  {
    type: 'object',
    required: ['role'],
    additionalProperties: false,
    properties: { role: { type: 'string', enum: ROLES } },
  },
  { role: 'organizer' },
);
