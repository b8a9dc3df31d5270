import { createAdmin, type Account } from '../support/accounts';
import { bodyCases, ROLE_URL, type BadRequest } from '../support/bad-requests';
import { EVENT_AND_BOOKING_CASES } from '../support/event-and-booking-bad-requests';
import { apiClient, problemOf, type ApiClient } from '../support/http';
import { untypedApiClient, type UntypedApiClient } from '../support/untyped-http';
import { startStack, type Stack } from '../support/stack';

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
    send: (api, account) => api.put('/api/v1/admin/users/1%20OR%201=1/role', { role: 'admin' }, { token: account.tokens.access_token }),
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
  ...EVENT_AND_BOOKING_CASES,
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
  let raw: UntypedApiClient;
  let account: Account;

  beforeAll(async () => {
    stack = await startStack();
    api = apiClient(stack.baseUrl);
    raw = untypedApiClient(stack.baseUrl);
    // An admin, so that PUT role gets as far as validating its input.
    account = await createAdmin(api, stack.sql, 'bad-input');
  }, 60_000);
  afterAll(() => stack?.stop(), 30_000);

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, bad) => {
    const res = await bad.send(raw, account);
    if (bad.status === '4xx') {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(bad.status);
    }
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    const problem = problemOf(res);
    expect(problem).toMatchObject({ status: res.status, type: expect.stringContaining('/problems/') });
    if (bad.code) expect(problem.code).toBe(bad.code);
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
