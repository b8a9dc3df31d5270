import type { Account } from './accounts';
import type { ApiResponse } from './http';
import type { UntypedApiClient } from './untyped-http';

/** The bad requests the e2e bad-input suite sends, and the builders that make them. */

const BODY_LIMIT_BYTES = 65_536;

export interface BadRequest {
  name: string;
  send: (api: UntypedApiClient, account: Account) => Promise<ApiResponse>;
  /** The exact status, or any 4xx where the service behind decides which one. */
  status: number | '4xx';
  /** Omitted where the service behind decides. */
  code?: string;
  /** For a 400: the fields the problem must list. */
  fields?: string[];
}

export const ROLE_URL = (account: Account) => `/api/v1/admin/users/${account.user.id}/role`;
const oversized = () => JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES + 1), email: 'big@example.com', password: 'p' });

interface JsonRoute {
  label: string;
  method: 'post' | 'put';
  path: (account: Account) => string;
  /** A body that passes validation; the cases break it one way at a time. */
  valid: Record<string, unknown>;
  /** Sends the account's access token (an admin's) with each request. */
  authenticated?: boolean;
  /** The fields a 400 names for an empty object; every field of `valid` unless given. */
  missingFields?: string[];
}

/** Bad requests of every kind for one JSON-body route. */
export function bodyCases({ label, method, path, valid, authenticated = false, missingFields }: JsonRoute): BadRequest[] {
  const call = (api: UntypedApiClient, account: Account, body: unknown, raw?: string, contentType?: string) =>
    api[method](path(account), body, {
      ...(authenticated ? { token: account.tokens.access_token } : {}),
      ...(raw !== undefined ? { raw } : {}),
      ...(contentType ? { contentType } : {}),
    });
  const [firstField = 'x'] = Object.keys(valid);
  return [
    {
      name: `${label}: wrong types`,
      send: (api, account) => call(api, account, Object.fromEntries(Object.keys(valid).map((key) => [key, 12345]))),
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: Object.keys(valid),
    },
    {
      name: `${label}: missing fields`,
      send: (api, account) => call(api, account, {}),
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: missingFields ?? Object.keys(valid),
    },
    {
      name: `${label}: an unknown field`,
      send: (api, account) => call(api, account, { ...valid, is_admin: true }),
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['is_admin'],
    },
    {
      name: `${label}: null instead of an object`,
      send: (api, account) => call(api, account, undefined, 'null'),
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['body'],
    },
    {
      name: `${label}: ${firstField} as an array`,
      send: (api, account) => call(api, account, { ...valid, [firstField]: ['a'] }),
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [firstField],
    },
    {
      name: `${label}: junk JSON`,
      send: (api, account) => call(api, account, undefined, '{"oops": '),
      status: 400,
      code: 'MALFORMED_REQUEST',
    },
    {
      name: `${label}: an empty JSON body`,
      send: (api, account) => call(api, account, undefined, ''),
      status: 400,
      code: 'MALFORMED_REQUEST',
    },
    {
      name: `${label}: a body over BODY_LIMIT_BYTES`,
      send: (api, account) => call(api, account, undefined, oversized()),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: `${label}: text/plain`,
      send: (api, account) => call(api, account, undefined, JSON.stringify(valid), 'text/plain'),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: `${label}: a form`,
      send: (api, account) => call(api, account, undefined, 'a=1', 'application/x-www-form-urlencoded'),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
  ];
}

/** A UUID no event, booking or seat of the run has. */
export const UNKNOWN = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69';
export const auth = (account: Account) => ({ token: account.tokens.access_token });
export const validEvent = {
  name: 'Bad Input Fest',
  location: 'Jakarta',
  starts_at: '2030-01-01T19:00:00+07:00',
  sections: [{ name: 'A', price_cents: 100, capacity: 5 }],
};

/** A 400 naming `fields` for a request sent with the account's token. */
export const invalid = (name: string, send: BadRequest['send'], fields: string[]): BadRequest => ({
  name,
  send,
  status: 400,
  code: 'VALIDATION_FAILED',
  fields,
});

export const queryCases = (label: string, path: string, queries: [string, string[]][]): BadRequest[] =>
  queries.map(([query, fields]) => invalid(`${label}: ?${query}`, (api, account) => api.get(`${path}?${query}`, auth(account)), fields));
