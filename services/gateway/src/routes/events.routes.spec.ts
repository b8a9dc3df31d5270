import { AppError, RateLimitedError } from '@ticres/shared';
import { fakeBooking, fakeCatalog } from '../../test/support/fake-clients';
import { countedSeats, EVENT_ID, EVENT_JSON, eventMessage, SEATS_JSON, seatList } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';

const page =
  (total: number, events = [eventMessage()]) =>
  async () => ({ events, total, page: 0, limit: 0 });
const notFound = (what: string) => () => Promise.reject(new AppError('NOT_FOUND', `No such ${what}.`));

describe('GET /api/v1/events', () => {
  it('asks catalog for the first 20 by default and answers {data, meta}', async () => {
    const sut = await buildTestApp({ catalog: fakeCatalog({ ListEvents: page(21) }) });
    const res = await sut.request({ method: 'GET', url: '/api/v1/events' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [EVENT_JSON], meta: { total: 21, page: 1, limit: 20, has_more: true } });
    expect(sut.catalog.ListEvents).toHaveBeenCalledWith({
      search: '',
      status: '',
      from: '',
      to: '',
      page: 1,
      limit: 20,
    });
    await sut.app.close();
  });

  it('passes the filters on and caps a limit above 100 to 100', async () => {
    const sut = await buildTestApp({ catalog: fakeCatalog({ ListEvents: page(250) }) });
    const from = '2026-01-01T00:00:00%2B07:00';
    const res = await sut.request({
      method: 'GET',
      url: `/api/v1/events?search=tulus&status=available&from=${from}&to=2026-12-31T23:59:59Z&page=2&limit=500`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().meta).toEqual({ total: 250, page: 2, limit: 100, has_more: true });
    expect(sut.catalog.ListEvents).toHaveBeenCalledWith({
      search: 'tulus',
      status: 'available',
      from: '2026-01-01T00:00:00+07:00',
      to: '2026-12-31T23:59:59Z',
      page: 2,
      limit: 100,
    });
    await sut.app.close();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=99999999999', 'page'],
    ['status=open', 'status'],
    ['from=yesterday', 'from'],
    ['to=2026-01-01', 'to'],
    ['sort=name', 'sort'],
  ])('refuses ?%s with 400 naming %s, without asking catalog', async (query, field) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'GET', url: `/api/v1/events?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(sut.catalog.ListEvents).not.toHaveBeenCalled();
    await sut.app.close();
  });
});

describe('GET /api/v1/events/:id', () => {
  it('answers the event and its seats, from catalog and booking', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: async () => eventMessage() }),
      booking: fakeBooking({ GetEventSeats: async () => seatList() }),
    });
    const res = await sut.request({ method: 'GET', url: `/api/v1/events/${EVENT_ID}` });
    expect(res.statusCode).toBe(200);
    // The contract's form exactly: no field added for events within the bound.
    expect(res.json()).toEqual({ data: { event: EVENT_JSON, seats: SEATS_JSON } });
    expect(sut.catalog.GetEvent).toHaveBeenCalledWith({ id: EVENT_ID });
    expect(sut.booking.GetEventSeats).toHaveBeenCalledWith({ event_id: EVENT_ID });
    await sut.app.close();
  });

  it('answers an event booking only counts (above EVENT_DETAIL_MAX_SEATS) without seats: their count and the seat map’s path', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: async () => eventMessage() }),
      booking: fakeBooking({ GetEventSeats: async () => countedSeats(50_000) }),
    });
    const res = await sut.request({ method: 'GET', url: `/api/v1/events/${EVENT_ID}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ data: { event: EVENT_JSON, seat_count: 50_000, seat_map: `/api/v1/events/${EVENT_ID}/availability` } });
    await sut.app.close();
  });

  it('answers no seats while booking has not materialized them (its NOT_FOUND)', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: async () => eventMessage() }),
      booking: fakeBooking({ GetEventSeats: notFound('event') }),
    });
    const res = await sut.request({ method: 'GET', url: `/api/v1/events/${EVENT_ID}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { event: EVENT_JSON, seats: [] } });
    await sut.app.close();
  });

  it('answers 404 for an event catalog does not know, whatever booking says', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: notFound('event') }),
      booking: fakeBooking({ GetEventSeats: () => Promise.reject(new AppError('UNAVAILABLE', 'down')) }),
    });
    const res = await sut.request({ method: 'GET', url: `/api/v1/events/${EVENT_ID}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'No such event.' });
    await sut.app.close();
  });

  it('answers 503 when booking is down: seats are not silently missing', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: async () => eventMessage() }),
      booking: fakeBooking({ GetEventSeats: () => Promise.reject(new AppError('UNAVAILABLE', 'down')) }),
    });
    expect((await sut.request({ method: 'GET', url: `/api/v1/events/${EVENT_ID}` })).statusCode).toBe(503);
    await sut.app.close();
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'GET', url: '/api/v1/events/42' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'id', message: 'must match format "uuid"' }]);
    await sut.app.close();
  });
});

describe('POST /api/v1/events', () => {
  const body = {
    name: 'Konser Tulus',
    location: 'Bandung',
    starts_at: '2026-08-01T19:00:00+07:00',
    sections: [
      { name: 'VIP', price_cents: 150_000_000, rows: 2, seats_per_row: 10 },
      { name: 'Festival', price_cents: 50_000_000, capacity: 5 },
    ],
  };

  it('creates the event with the caller’s token forwarded: 201 {data: event}', async () => {
    const sut = await buildTestApp({ catalog: fakeCatalog({ CreateEvent: async () => eventMessage() }) });
    const token = await sut.token({ role: 'organizer' });
    const res = await sut.request({ method: 'POST', url: '/api/v1/events', body, token });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ data: EVENT_JSON });
    expect(sut.catalog.CreateEvent).toHaveBeenCalledWith(
      {
        name: 'Konser Tulus',
        description: '',
        location: 'Bandung',
        starts_at: '2026-08-01T19:00:00+07:00',
        currency: '',
        sections: [
          { name: 'VIP', price_cents: 150_000_000, rows: 2, seats_per_row: 10, capacity: 0 },
          { name: 'Festival', price_cents: 50_000_000, rows: 0, seats_per_row: 0, capacity: 5 },
        ],
      },
      { token },
    );
    await sut.app.close();
  });

  it('leaves the role check to catalog: its FORBIDDEN is a 403', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({
        CreateEvent: () => Promise.reject(new AppError('FORBIDDEN', 'Only organizers and admins publish events.')),
      }),
    });
    const res = await sut.request({ method: 'POST', url: '/api/v1/events', body, token: await sut.token() });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    await sut.app.close();
  });

  it('refuses a caller without a token before reading the body', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'POST', url: '/api/v1/events', body: { junk: true } });
    expect(res.statusCode).toBe(401);
    expect(sut.catalog.CreateEvent).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it.each<[string, unknown, string[]]>([
    ['a section of both forms', { ...body, sections: [{ ...body.sections[0], capacity: 20 }] }, ['sections[0].capacity']],
    ['a section of neither form', { ...body, sections: [{ name: 'VIP', price_cents: 1 }] }, ['sections[0].capacity']],
    ['no sections', { ...body, sections: [] }, ['sections']],
    ['a negative price', { ...body, sections: [{ name: 'A', price_cents: -1, capacity: 1 }] }, ['sections[0].price_cents']],
    ['a price in a string', { ...body, sections: [{ name: 'A', price_cents: '1', capacity: 1 }] }, ['sections[0].price_cents']],
    ['zero rows', { ...body, sections: [{ name: 'A', price_cents: 1, rows: 0, seats_per_row: 1 }] }, ['sections[0].rows']],
    ['a date without an offset', { ...body, starts_at: '2026-08-01 19:00' }, ['starts_at']],
    ['a lower-case currency', { ...body, currency: 'idr' }, ['currency']],
    ['an unknown field', { ...body, organizer_id: 'me' }, ['organizer_id']],
    ['missing fields', {}, ['name', 'location', 'starts_at', 'sections']],
  ])('refuses %s with 400 naming the fields', async (_name, bad, fields) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'POST', url: '/api/v1/events', body: bad, token: await sut.token() });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(sut.catalog.CreateEvent).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it("answers catalog's write limit (RATE_LIMITED, counted by catalog) with 429 and Retry-After", async () => {
    const sut = await buildTestApp({ catalog: fakeCatalog({ CreateEvent: () => Promise.reject(new RateLimitedError(5_000)) }) });
    const refused = await sut.request({ method: 'POST', url: '/api/v1/events', body, token: await sut.token({ role: 'organizer' }) });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.headers['retry-after']).toBe('5');
    await sut.app.close();
  });
});
