import { createAdmin, type Account } from '../support/accounts';
import { apiClient, problemOf, type ApiClient, type ApiResponse } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const BODY_LIMIT_BYTES = 65_536;

interface BadRequest {
  name: string;
  send: (api: ApiClient, account: Account) => Promise<ApiResponse>;
  status: number;
  code: string;
  /** For a 400: the fields the problem must list. */
  fields?: string[];
}

const ROLE_URL = (account: Account) => `/api/v1/admin/users/${account.user.id}/role`;
const oversized = () =>
  JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES + 1), email: 'big@example.com', password: 'p' });

interface JsonRoute {
  label: string;
  method: 'post' | 'put';
  path: (account: Account) => string;
  /** A body that passes validation; the cases break it one way at a time. */
  valid: Record<string, unknown>;
  /** Sends the account's access token (an admin's) with each request. */
  authenticated?: boolean;
}

/** Bad requests of every kind for one JSON-body route. */
function bodyCases({ label, method, path, valid, authenticated = false }: JsonRoute): BadRequest[] {
  const call = (api: ApiClient, account: Account, body: unknown, raw?: string, contentType?: string) =>
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
      fields: Object.keys(valid),
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

const CASES: BadRequest[] = [
  ...bodyCases({
    label: 'register',
    method: 'post',
    path: () => '/api/v1/register',
    valid: { name: 'Ann', email: 'ann@example.com', password: 'long enough' },
  }),
  {
    name: 'register: a malformed email, an empty name and a short password',
    send: (api) => api.post('/api/v1/register', { name: '', email: 'not-an-email', password: 'short' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    fields: ['name', 'email', 'password'],
  },
  {
    name: 'register: a name over 100 characters and an email over 254',
    send: (api) =>
      api.post('/api/v1/register', {
        name: 'n'.repeat(101),
        email: `${'e'.repeat(250)}@x.io`,
        password: 'long enough',
      }),
    status: 400,
    code: 'VALIDATION_FAILED',
    fields: ['name', 'email'],
  },
  ...bodyCases({
    label: 'login',
    method: 'post',
    path: () => '/api/v1/login',
    valid: { email: 'ann@example.com', password: 'long enough' },
  }),
  ...bodyCases({ label: 'refresh', method: 'post', path: () => '/api/v1/refresh', valid: { refresh_token: 'abc' } }),
  {
    name: 'refresh: an empty token and one over 512 characters',
    send: async (api) => {
      const empty = await api.post('/api/v1/refresh', { refresh_token: '' });
      expect(empty.status).toBe(400);
      return api.post('/api/v1/refresh', { refresh_token: 'r'.repeat(513) });
    },
    status: 400,
    code: 'VALIDATION_FAILED',
    fields: ['refresh_token'],
  },
  ...bodyCases({ label: 'logout', method: 'post', path: () => '/api/v1/logout', valid: { refresh_token: 'abc' } }),
  ...bodyCases({ label: 'PUT role', method: 'put', path: ROLE_URL, valid: { role: 'organizer' }, authenticated: true }),
  {
    name: 'PUT role: a role outside the enum',
    send: (api, account) => api.put(ROLE_URL(account), { role: 'root' }, { token: account.tokens.access_token }),
    status: 400,
    code: 'VALIDATION_FAILED',
    fields: ['role'],
  },
  {
    name: 'PUT role: an id that is not a UUID',
    send: (api, account) =>
      api.put('/api/v1/admin/users/1%20OR%201=1/role', { role: 'admin' }, { token: account.tokens.access_token }),
    status: 400,
    code: 'VALIDATION_FAILED',
    fields: ['id'],
  },
  {
    name: 'PUT role: no token at all (refused before the body is read)',
    send: (api, account) => api.put(ROLE_URL(account), undefined, { raw: '{"oops": ' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  { name: 'me: no token', send: (api) => api.get('/api/v1/me'), status: 401, code: 'UNAUTHENTICATED' },
  {
    name: 'me: a junk bearer token',
    send: (api) => api.get('/api/v1/me', { token: 'junk' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  { name: 'an unknown route', send: (api) => api.get('/api/v1/nope'), status: 404, code: 'NOT_FOUND' },
  {
    name: 'a known route with the wrong method',
    send: (api) => api.get('/api/v1/login'),
    status: 404,
    code: 'NOT_FOUND',
  },
];

describe('e2e: bad input on every route is a 4xx problem+json with a code, never a 5xx', () => {
  let stack: Stack;
  let api: ApiClient;
  let account: Account;

  beforeAll(async () => {
    stack = await startStack();
    api = apiClient(stack.baseUrl);
    // An admin, so that PUT role gets as far as validating its input.
    account = await createAdmin(api, stack.sql, 'bad-input');
  }, 60_000);
  afterAll(() => stack?.stop(), 30_000);

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, bad) => {
    const res = await bad.send(api, account);
    expect(res.status).toBe(bad.status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    const problem = problemOf(res);
    expect(problem).toMatchObject({ status: bad.status, code: bad.code, type: expect.stringContaining('/problems/') });
    expect(typeof problem.title).toBe('string');
    expect(typeof problem.detail).toBe('string');
    if (bad.fields) expect(problem.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(bad.fields));
  });

  it('changed nothing: the admin still has their role after every refused role change', async () => {
    const me = await api.get('/api/v1/me', { token: account.tokens.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ data: { id: account.user.id, role: 'admin' } });
  });
});
