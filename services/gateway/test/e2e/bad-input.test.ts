import { createAdmin, type Account } from '../support/accounts';
import { apiClient, problemOf, type ApiClient, type ApiResponse } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const BODY_LIMIT_BYTES = 65_536;

interface BadRequest {
  name: string;
  send: (api: ApiClient, account: Account) => Promise<ApiResponse>;
  /** The exact status, or any 4xx where the service behind decides which one. */
  status: number | '4xx';
  /** Omitted where the service behind decides. */
  code?: string;
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
  /** The fields a 400 names for an empty object; every field of `valid` unless given. */
  missingFields?: string[];
}

/** Bad requests of every kind for one JSON-body route. */
function bodyCases({ label, method, path, valid, authenticated = false, missingFields }: JsonRoute): BadRequest[] {
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
const UNKNOWN = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69';
const auth = (account: Account) => ({ token: account.tokens.access_token });
const validEvent = {
  name: 'Bad Input Fest',
  location: 'Jakarta',
  starts_at: '2030-01-01T19:00:00+07:00',
  sections: [{ name: 'A', price_cents: 100, capacity: 5 }],
};

/** A 400 naming `fields` for a request sent with the account's token. */
const invalid = (name: string, send: BadRequest['send'], fields: string[]): BadRequest => ({
  name,
  send,
  status: 400,
  code: 'VALIDATION_FAILED',
  fields,
});

const queryCases = (label: string, path: string, queries: [string, string[]][]): BadRequest[] =>
  queries.map(([query, fields]) =>
    invalid(`${label}: ?${query}`, (api, account) => api.get(`${path}?${query}`, auth(account)), fields),
  );

const EVENT_AND_BOOKING_CASES: BadRequest[] = [
  ...queryCases('list events', '/api/v1/events', [
    ['limit=abc', ['limit']],
    ['limit=0&page=0', ['limit', 'page']],
    ['limit=-1', ['limit']],
    ['page=1.5', ['page']],
    ['page=99999999999999999999', ['page']],
    ['status=sold-out', ['status']],
    ['from=yesterday&to=2030-13-45T00:00:00Z', ['from', 'to']],
    ['search=' + 's'.repeat(201), ['search']],
    ['organizer_id=me', ['organizer_id']],
  ]),
  invalid('event: an id that is not a UUID', (api) => api.get("/api/v1/events/1'%20OR%201=1"), ['id']),
  { name: 'event: an unknown id', send: (api) => api.get(`/api/v1/events/${UNKNOWN}`), status: 404, code: 'NOT_FOUND' },
  ...bodyCases({
    label: 'POST events',
    method: 'post',
    path: () => '/api/v1/events',
    valid: validEvent,
    authenticated: true,
  }),
  invalid(
    'POST events: a section of both forms, a price in a string, a bad date and currency',
    (api, account) =>
      api.post(
        '/api/v1/events',
        {
          ...validEvent,
          starts_at: 'next friday',
          currency: 'rupiah',
          sections: [
            { name: 'A', price_cents: 1, rows: 1, seats_per_row: 1, capacity: 1 },
            { name: 'B', price_cents: '1', capacity: 1 },
          ],
        },
        auth(account),
      ),
    ['starts_at', 'currency', 'sections[0].capacity', 'sections[1].price_cents'],
  ),
  {
    name: 'POST events: no token',
    send: (api) => api.post('/api/v1/events', validEvent),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  ...bodyCases({
    label: 'PUT admin event',
    method: 'put',
    path: () => `/api/v1/admin/events/${UNKNOWN}`,
    valid: { name: 'Renamed' },
    authenticated: true,
    missingFields: ['body'],
  }),
  invalid(
    'PUT admin event: an empty add_sections',
    (api, account) => api.put(`/api/v1/admin/events/${UNKNOWN}`, { add_sections: [] }, auth(account)),
    ['add_sections'],
  ),
  invalid(
    'PUT admin event: a bad id (checked before the body)',
    (api, account) => api.put('/api/v1/admin/events/42', { add_sections: [] }, auth(account)),
    ['id'],
  ),
  {
    name: 'PUT admin event: an unknown event',
    send: (api, account) => api.put(`/api/v1/admin/events/${UNKNOWN}`, { name: 'X' }, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  invalid('DELETE admin event: a bad id', (api, account) => api.delete('/api/v1/admin/events/x', auth(account)), [
    'id',
  ]),
  invalid(
    'DELETE admin event: an empty reason',
    (api, account) => api.delete(`/api/v1/admin/events/${UNKNOWN}?reason=`, auth(account)),
    ['reason'],
  ),
  {
    name: 'DELETE admin event: an unknown event',
    send: (api, account) => api.delete(`/api/v1/admin/events/${UNKNOWN}`, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  ...bodyCases({
    label: 'POST bookings',
    method: 'post',
    path: () => '/api/v1/bookings',
    valid: { event_id: UNKNOWN, seat_ids: [UNKNOWN] },
    authenticated: true,
  }),
  invalid(
    'POST bookings: seat ids that are not UUIDs, repeated',
    (api, account) => api.post('/api/v1/bookings', { event_id: UNKNOWN, seat_ids: ['A-1', 'A-1'] }, auth(account)),
    ['seat_ids[0]', 'seat_ids[1]', 'seat_ids'],
  ),
  invalid(
    'POST bookings: both forms at once',
    (api, account) =>
      api.post('/api/v1/bookings', { event_id: UNKNOWN, seat_ids: [UNKNOWN], quantity: 1 }, auth(account)),
    ['quantity'],
  ),
  invalid(
    'POST bookings: quantity 0 and an empty section',
    (api, account) => api.post('/api/v1/bookings', { event_id: UNKNOWN, quantity: 0, section: '' }, auth(account)),
    ['quantity', 'section'],
  ),
  invalid(
    'POST bookings: an Idempotency-Key over 255 characters',
    (api, account) =>
      api.post(
        '/api/v1/bookings',
        { event_id: UNKNOWN, quantity: 1 },
        { ...auth(account), headers: { 'idempotency-key': 'k'.repeat(256) } },
      ),
    ['idempotency-key'],
  ),
  {
    name: 'POST bookings: an event that does not exist',
    send: (api, account) => api.post('/api/v1/bookings', { event_id: UNKNOWN, quantity: 1 }, auth(account)),
    status: '4xx',
  },
  {
    name: 'POST bookings: seats that do not exist',
    send: (api, account) => api.post('/api/v1/bookings', { event_id: UNKNOWN, seat_ids: [UNKNOWN] }, auth(account)),
    status: '4xx',
  },
  {
    name: 'POST bookings: no token',
    send: (api) => api.post('/api/v1/bookings', { event_id: UNKNOWN, quantity: 1 }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  invalid('GET booking: a bad id', (api, account) => api.get('/api/v1/bookings/1', auth(account)), ['id']),
  invalid('DELETE booking: a bad id', (api, account) => api.delete('/api/v1/bookings/1', auth(account)), ['id']),
  {
    name: 'GET booking: an unknown booking',
    send: (api, account) => api.get(`/api/v1/bookings/${UNKNOWN}`, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'DELETE booking: an unknown booking',
    send: (api, account) => api.delete(`/api/v1/bookings/${UNKNOWN}`, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  ...bodyCases({
    label: 'POST payments',
    method: 'post',
    path: () => '/api/v1/payments',
    valid: { booking_id: UNKNOWN, payment_method: 'credit_card' },
    authenticated: true,
  }),
  invalid(
    'POST payments: a method outside the enum, an empty token and an unknown field',
    (api, account) =>
      api.post(
        '/api/v1/payments',
        { booking_id: UNKNOWN, payment_method: 'cash', payment_token: '', amount_cents: 1 },
        auth(account),
      ),
    ['payment_method', 'payment_token', 'amount_cents'],
  ),
  invalid(
    'POST payments: a payment token over 200 characters and a booking id that is not a UUID',
    (api, account) =>
      api.post(
        '/api/v1/payments',
        { booking_id: '42', payment_method: 'e_wallet', payment_token: 't'.repeat(201) },
        auth(account),
      ),
    ['booking_id', 'payment_token'],
  ),
  invalid(
    'POST payments: an Idempotency-Key that is not printable ASCII',
    (api, account) =>
      api.post(
        '/api/v1/payments',
        { booking_id: UNKNOWN, payment_method: 'credit_card' },
        { ...auth(account), headers: { 'idempotency-key': 'schlüssel' } },
      ),
    ['idempotency-key'],
  ),
  {
    name: 'POST payments: a booking that does not exist',
    send: (api, account) =>
      api.post('/api/v1/payments', { booking_id: UNKNOWN, payment_method: 'credit_card' }, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'POST payments: no token',
    send: (api) => api.post('/api/v1/payments', { booking_id: UNKNOWN, payment_method: 'credit_card' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  invalid('GET payment: a bad booking id', (api, account) => api.get('/api/v1/payments/1', auth(account)), [
    'booking_id',
  ]),
  {
    name: 'GET payment: an unknown booking',
    send: (api, account) => api.get(`/api/v1/payments/${UNKNOWN}`, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'GET payment: no token',
    send: (api) => api.get(`/api/v1/payments/${UNKNOWN}`),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  ...queryCases('my bookings', '/api/v1/me/bookings', [
    ['limit=0', ['limit']],
    ['page=abc', ['page']],
    ['status=PAID', ['status']],
  ]),
  ...queryCases('admin bookings', '/api/v1/admin/bookings', [
    ['sort=price&status=paid&event_id=7', ['sort', 'status', 'event_id']],
    ['limit=1e', ['limit']],
  ]),
  ...queryCases(`admin event bookings`, `/api/v1/admin/events/${UNKNOWN}/bookings`, [
    ['sort=-name', ['sort']],
    [`event_id=${UNKNOWN}`, ['event_id']],
  ]),
  invalid(
    'admin event bookings: a bad id',
    (api, account) => api.get('/api/v1/admin/events/x/bookings', auth(account)),
    ['id'],
  ),
  {
    name: 'admin event bookings: an unknown event',
    send: (api, account) => api.get(`/api/v1/admin/events/${UNKNOWN}/bookings`, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
];

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
