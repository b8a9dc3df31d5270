import { AppError, GATEWAY_TOKEN_METADATA } from '@ticres/shared';
import { fakeBooking } from '../../test/support/fake-clients';
import { BOOKING_ID, BOOKING_JSON, bookingMessage, EVENT_ID, SEAT_IDS } from '../../test/support/messages';
import { buildTestApp, GATEWAY_TOKEN } from '../../test/support/test-app';

const holdSeats = async () => bookingMessage();
const uuidNumber = (i: number) => `0190a4a4-7c3e-7b9a-9d7e-${String(i).padStart(12, '0')}`;

describe('POST /api/v1/bookings', () => {
  it('holds named seats: 201 {data: booking}, the token forwarded, no idempotency key', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ HoldSeats: holdSeats }) });
    const token = await sut.token();
    const res = await sut.request({
      method: 'POST',
      url: '/api/v1/bookings',
      body: { event_id: EVENT_ID, seat_ids: [...SEAT_IDS] },
      token,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ data: BOOKING_JSON });
    expect(sut.booking.HoldSeats).toHaveBeenCalledWith(
      { event_id: EVENT_ID, seat_ids: [...SEAT_IDS], quantity: 0, section: '', idempotency_key: '', client_address: '127.0.0.1' },
      // The gateway's own token vouches for the client address.
      { token, metadata: { [GATEWAY_TOKEN_METADATA]: GATEWAY_TOKEN } },
    );
    await sut.app.close();
  });

  it('holds the best available quantity in a section and passes the Idempotency-Key header on', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ HoldSeats: holdSeats }) });
    const token = await sut.token();
    const res = await sut.request({
      method: 'POST',
      url: '/api/v1/bookings',
      body: { event_id: EVENT_ID, quantity: 2, section: 'VIP' },
      headers: { 'idempotency-key': 'order 7f3a/2' },
      token,
    });
    expect(res.statusCode).toBe(201);
    expect(sut.booking.HoldSeats).toHaveBeenCalledWith(
      { event_id: EVENT_ID, seat_ids: [], quantity: 2, section: 'VIP', idempotency_key: 'order 7f3a/2', client_address: '127.0.0.1' },
      // The gateway's own token vouches for the client address.
      { token, metadata: { [GATEWAY_TOKEN_METADATA]: GATEWAY_TOKEN } },
    );
    await sut.app.close();
  });

  it.each<[string, string, number]>([
    ['SEAT_UNAVAILABLE', 'Seat VIP-A-1 is taken.', 409],
    ['IDEMPOTENCY_KEY_REUSED', 'That key was used with another request.', 422],
    ['IDEMPOTENCY_IN_PROGRESS', 'A request with that key is in progress.', 409],
    ['EVENT_NOT_AVAILABLE', 'The event is cancelled.', 409],
    ['LIMIT_EXCEEDED', 'One open hold per event.', 422],
  ])('maps booking’s %s to %i with its message', async (code, detail, status) => {
    const sut = await buildTestApp({
      booking: fakeBooking({ HoldSeats: () => Promise.reject(new AppError(code as AppError['code'], detail)) }),
    });
    const res = await sut.request({
      method: 'POST',
      url: '/api/v1/bookings',
      body: { event_id: EVENT_ID, quantity: 1 },
      token: await sut.token(),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code, detail, status });
    await sut.app.close();
  });

  it.each<[string, unknown, string[]]>([
    ['both forms at once', { event_id: EVENT_ID, seat_ids: [SEAT_IDS[0]], quantity: 1 }, ['quantity']],
    ['no seat_ids', { event_id: EVENT_ID, seat_ids: [] }, ['seat_ids']],
    ['11 seat_ids', { event_id: EVENT_ID, seat_ids: Array.from({ length: 11 }, (_, i) => uuidNumber(i)) }, ['seat_ids']],
    ['a duplicate seat id', { event_id: EVENT_ID, seat_ids: [SEAT_IDS[0], SEAT_IDS[0]] }, ['seat_ids']],
    ['a seat id that is not a UUID', { event_id: EVENT_ID, seat_ids: ['A-1'] }, ['seat_ids[0]']],
    ['an event_id that is not a UUID', { event_id: '1', quantity: 1 }, ['event_id']],
    ['quantity 0', { event_id: EVENT_ID, quantity: 0 }, ['quantity']],
    ['quantity 11', { event_id: EVENT_ID, quantity: 11 }, ['quantity']],
    ['quantity as a string', { event_id: EVENT_ID, quantity: '2' }, ['quantity']],
    ['an empty section', { event_id: EVENT_ID, quantity: 1, section: '' }, ['section']],
    ['an unknown field', { event_id: EVENT_ID, quantity: 1, price_cents: 0 }, ['price_cents']],
  ])('refuses %s with 400 naming the fields', async (_name, body, fields) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'POST', url: '/api/v1/bookings', body, token: await sut.token() });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(sut.booking.HoldSeats).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it.each([
    ['empty', ''],
    ['over 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'schlüssel'],
  ])('refuses an Idempotency-Key that is %s with 400 naming the header', async (_name, key) => {
    const sut = await buildTestApp();
    const res = await sut.request({
      method: 'POST',
      url: '/api/v1/bookings',
      body: { event_id: EVENT_ID, quantity: 1 },
      headers: { 'idempotency-key': key },
      token: await sut.token(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'idempotency-key', message: expect.any(String) }]);
    expect(sut.booking.HoldSeats).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it('accepts a 255-character Idempotency-Key', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ HoldSeats: holdSeats }) });
    const key = 'k'.repeat(255);
    const res = await sut.request({
      method: 'POST',
      url: '/api/v1/bookings',
      body: { event_id: EVENT_ID, quantity: 1 },
      headers: { 'idempotency-key': key },
      token: await sut.token(),
    });
    expect(res.statusCode).toBe(201);
    expect(sut.booking.HoldSeats.mock.calls[0]![0].idempotency_key).toBe(key);
    await sut.app.close();
  });

  it('refuses a caller without a token (401) before validating', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'POST', url: '/api/v1/bookings', body: { junk: true } });
    expect(res.statusCode).toBe(401);
    await sut.app.close();
  });
});

describe('GET and DELETE /api/v1/bookings/:id', () => {
  const url = `/api/v1/bookings/${BOOKING_ID}`;

  it('answers the caller’s booking', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ GetBooking: async () => bookingMessage() }) });
    const token = await sut.token();
    const res = await sut.request({ method: 'GET', url, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: BOOKING_JSON });
    expect(sut.booking.GetBooking).toHaveBeenCalledWith({ id: BOOKING_ID }, { token });
    await sut.app.close();
  });

  it('answers 404 problem+json for a booking that is not the caller’s (booking’s NOT_FOUND)', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: () => Promise.reject(new AppError('NOT_FOUND', 'No such booking.')) }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token() });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'No such booking.' });
    await sut.app.close();
  });

  it('cancels: 200 with the CANCELLED booking and an expiry of null', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ CancelBooking: async () => bookingMessage({ status: 'CANCELLED', expires_at: '' }) }),
    });
    const token = await sut.token();
    const res = await sut.request({ method: 'DELETE', url, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { ...BOOKING_JSON, status: 'CANCELLED', expires_at: null } });
    expect(sut.booking.CancelBooking).toHaveBeenCalledWith({ id: BOOKING_ID }, { token });
    await sut.app.close();
  });

  it('validates the id and wants a token', async () => {
    const sut = await buildTestApp();
    const token = await sut.token();
    expect((await sut.request({ method: 'GET', url: '/api/v1/bookings/abc', token })).statusCode).toBe(400);
    expect((await sut.request({ method: 'DELETE', url: '/api/v1/bookings/abc', token })).statusCode).toBe(400);
    expect((await sut.request({ method: 'GET', url })).statusCode).toBe(401);
    expect((await sut.request({ method: 'DELETE', url })).statusCode).toBe(401);
    await sut.app.close();
  });
});

describe('GET /api/v1/me/bookings', () => {
  it('lists the caller’s bookings, the page size capped at 100', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({
        ListMyBookings: async () => ({ bookings: [bookingMessage()], total: 101, page: 1, limit: 100 }),
      }),
    });
    const token = await sut.token();
    const res = await sut.request({ method: 'GET', url: '/api/v1/me/bookings?limit=1000', token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [BOOKING_JSON], meta: { total: 101, page: 1, limit: 100, has_more: true } });
    expect(sut.booking.ListMyBookings).toHaveBeenCalledWith({ page: 1, limit: 100 }, { token });
    await sut.app.close();
  });

  it.each(['page=0', 'limit=-5', 'limit=ten', 'status=PAID'])('refuses ?%s with 400', async (query) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'GET', url: `/api/v1/me/bookings?${query}`, token: await sut.token() });
    expect(res.statusCode).toBe(400);
    expect(sut.booking.ListMyBookings).not.toHaveBeenCalled();
    await sut.app.close();
  });
});
