import { AppError } from '@ticres/shared';
import { fakeBooking, fakeCatalog } from '../../test/support/fake-clients';
import { BOOKING_JSON, bookingMessage, EVENT_ID, eventMessage } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';

const onePage = async () => ({ bookings: [bookingMessage()], total: 1, page: 1, limit: 20 });

describe('GET /api/v1/admin/bookings', () => {
  it('passes the filters and sort on; newest first by default', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ ListBookings: onePage }) });
    const token = await sut.token({ role: 'admin' });
    const all = await sut.request({ method: 'GET', url: '/api/v1/admin/bookings', token });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ data: [BOOKING_JSON], meta: { total: 1, page: 1, limit: 20, has_more: false } });
    expect(sut.booking.ListBookings).toHaveBeenLastCalledWith({ status: '', event_id: '', sort: '-created_at', page: 1, limit: 20 }, { token });

    const url = `/api/v1/admin/bookings?status=PAID&event_id=${EVENT_ID}&sort=total_cents&page=3&limit=150`;
    expect((await sut.request({ method: 'GET', url, token })).statusCode).toBe(200);
    expect(sut.booking.ListBookings).toHaveBeenLastCalledWith({ status: 'PAID', event_id: EVENT_ID, sort: 'total_cents', page: 3, limit: 100 }, { token });
    await sut.app.close();
  });

  it.each([
    ['status=paid', 'status'],
    ['sort=user_id', 'sort'],
    ['event_id=42', 'event_id'],
    ['limit=0', 'limit'],
    ['page=x', 'page'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const sut = await buildTestApp();
    const res = await sut.request({
      method: 'GET',
      url: `/api/v1/admin/bookings?${query}`,
      token: await sut.token({ role: 'admin' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    await sut.app.close();
  });

  it('refuses a customer with 403', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'GET', url: '/api/v1/admin/bookings', token: await sut.token() });
    expect(res.statusCode).toBe(403);
    expect(sut.booking.ListBookings).not.toHaveBeenCalled();
    await sut.app.close();
  });
});

describe('GET /api/v1/admin/events/:id/bookings', () => {
  const url = `/api/v1/admin/events/${EVENT_ID}/bookings`;

  it('lists the event’s bookings', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: async () => eventMessage() }),
      booking: fakeBooking({ ListBookings: onePage }),
    });
    const token = await sut.token({ role: 'admin' });
    const res = await sut.request({ method: 'GET', url: `${url}?status=PENDING&sort=-total_cents`, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [BOOKING_JSON], meta: { total: 1, page: 1, limit: 20, has_more: false } });
    expect(sut.booking.ListBookings).toHaveBeenCalledWith({ status: 'PENDING', event_id: EVENT_ID, sort: '-total_cents', page: 1, limit: 20 }, { token });
    await sut.app.close();
  });

  it('answers 404 for an event catalog does not know', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: () => Promise.reject(new AppError('NOT_FOUND', 'No such event.')) }),
      booking: fakeBooking({ ListBookings: async () => ({ bookings: [], total: 0, page: 1, limit: 20 }) }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token({ role: 'admin' }) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    await sut.app.close();
  });

  it('refuses an unknown query field and a bad id with 400', async () => {
    const sut = await buildTestApp();
    const token = await sut.token({ role: 'admin' });
    expect((await sut.request({ method: 'GET', url: `${url}?event_id=${EVENT_ID}`, token })).statusCode).toBe(400);
    expect((await sut.request({ method: 'GET', url: '/api/v1/admin/events/1/bookings', token })).statusCode).toBe(400);
    await sut.app.close();
  });
});
