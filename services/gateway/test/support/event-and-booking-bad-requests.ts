import { auth, invalid, queryCases, UNKNOWN, validEvent, bodyCases, type BadRequest } from './bad-requests';

/** Bad requests for the event, booking and payment routes. */
export const EVENT_AND_BOOKING_CASES: BadRequest[] = [
  ...queryCases('list events', '/api/v1/events', [
    ['limit=abc', ['limit']],
    ['limit=0&page=0', ['limit', 'page']],
    ['limit=-1', ['limit']],
    ['page=1.5', ['page']],
    ['page=99999999999999999999', ['page']],
    ['page=10001', ['page']],
    ['page=Infinity', ['page']],
    ['page=-Infinity', ['page']],
    ['page=1e400', ['page']],
    ['limit=1e400', ['limit']],
    ['page=NaN', ['page']],
    ['search=rock%0D%0Aroll', ['search']],
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
  invalid(
    'POST events: CR/LF in the name and location, NUL in the description, a currency outside ISO 4217',
    (api, account) =>
      api.post(
        '/api/v1/events',
        { ...validEvent, name: 'Rock\r\nBcc: x@evil.test', location: 'Hall\u2028B', description: 'a\u0000b', currency: 'ABC' },
        auth(account),
      ),
    ['name', 'description', 'location', 'currency'],
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
  invalid('PUT admin event: an empty add_sections', (api, account) => api.put(`/api/v1/admin/events/${UNKNOWN}`, { add_sections: [] }, auth(account)), [
    'add_sections',
  ]),
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
  invalid('DELETE admin event: a bad id', (api, account) => api.delete('/api/v1/admin/events/x', auth(account)), ['id']),
  invalid('DELETE admin event: an empty reason', (api, account) => api.delete(`/api/v1/admin/events/${UNKNOWN}?reason=`, auth(account)), ['reason']),
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
    (api, account) => api.post('/api/v1/bookings', { event_id: UNKNOWN, seat_ids: [UNKNOWN], quantity: 1 }, auth(account)),
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
      api.post('/api/v1/bookings', { event_id: UNKNOWN, quantity: 1 }, { ...auth(account), headers: { 'idempotency-key': 'k'.repeat(256) } }),
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
    (api, account) => api.post('/api/v1/payments', { booking_id: UNKNOWN, payment_method: 'cash', payment_token: '', amount_cents: 1 }, auth(account)),
    ['payment_method', 'payment_token', 'amount_cents'],
  ),
  invalid(
    'POST payments: a payment token over 255 characters and a booking id that is not a UUID',
    (api, account) => api.post('/api/v1/payments', { booking_id: '42', payment_method: 'e_wallet', payment_token: 't'.repeat(256) }, auth(account)),
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
    send: (api, account) => api.post('/api/v1/payments', { booking_id: UNKNOWN, payment_method: 'credit_card' }, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'POST payments: no token',
    send: (api) => api.post('/api/v1/payments', { booking_id: UNKNOWN, payment_method: 'credit_card' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  invalid('GET payment: a bad booking id', (api, account) => api.get('/api/v1/payments/1', auth(account)), ['booking_id']),
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
  invalid('admin event bookings: a bad id', (api, account) => api.get('/api/v1/admin/events/x/bookings', auth(account)), ['id']),
  {
    name: 'admin event bookings: an unknown event',
    send: (api, account) => api.get(`/api/v1/admin/events/${UNKNOWN}/bookings`, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
  ...queryCases('admin refunds', '/api/v1/admin/refunds', [
    ['status=failed&limit=0', ['status', 'limit']],
    [`booking_id=${UNKNOWN}`, ['booking_id']],
  ]),
  invalid('admin refund retry: a bad id', (api, account) => api.post('/api/v1/admin/refunds/x/retry', undefined, auth(account)), ['id']),
  {
    name: 'admin refund retry: an unknown refund',
    send: (api, account) => api.post(`/api/v1/admin/refunds/${UNKNOWN}/retry`, undefined, auth(account)),
    status: 404,
    code: 'NOT_FOUND',
  },
];
