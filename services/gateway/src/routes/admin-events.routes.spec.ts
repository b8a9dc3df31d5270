import { AppError } from '@ticres/shared';
import { fakeCatalog } from '../../test/support/fake-clients';
import { EVENT_ID, EVENT_JSON, eventMessage } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';

const url = `/api/v1/admin/events/${EVENT_ID}`;

describe('PUT /api/v1/admin/events/:id', () => {
  it('sends catalog only the fields the admin changed, with the token', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ UpdateEvent: async () => eventMessage({ name: 'New' }) }),
    });
    const token = await sut.token({ role: 'admin' });
    const res = await sut.request({ method: 'PUT', url, body: { name: 'New', description: '' }, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { ...EVENT_JSON, name: 'New' } });
    expect(sut.catalog.UpdateEvent).toHaveBeenCalledWith({ id: EVENT_ID, name: 'New', description: '', add_sections: [] }, { token });
    await sut.app.close();
  });

  it('adds sections of either form', async () => {
    const sut = await buildTestApp({ catalog: fakeCatalog({ UpdateEvent: async () => eventMessage() }) });
    const token = await sut.token({ role: 'admin' });
    const add_sections = [
      { name: 'Balcony', price_cents: 100, rows: 1, seats_per_row: 4 },
      { name: 'Standing', price_cents: 50, capacity: 100 },
    ];
    expect((await sut.request({ method: 'PUT', url, body: { add_sections }, token })).statusCode).toBe(200);
    expect(sut.catalog.UpdateEvent).toHaveBeenCalledWith(
      {
        id: EVENT_ID,
        add_sections: [
          { name: 'Balcony', price_cents: 100, rows: 1, seats_per_row: 4, capacity: 0 },
          { name: 'Standing', price_cents: 50, rows: 0, seats_per_row: 0, capacity: 100 },
        ],
      },
      { token },
    );
    await sut.app.close();
  });

  it.each<[string, unknown, string]>([
    ['an empty body', {}, 'body'],
    ['an unknown field', { status: 'cancelled' }, 'status'],
    ['an empty name', { name: '' }, 'name'],
    ['a date without a time', { starts_at: '2026-08-01' }, 'starts_at'],
    ['an empty add_sections', { add_sections: [] }, 'add_sections'],
  ])('refuses %s with 400 naming %s', async (_name, body, field) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'PUT', url, body, token: await sut.token({ role: 'admin' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(sut.catalog.UpdateEvent).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it('refuses an organizer with 403 before reading the body', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({
      method: 'PUT',
      url,
      body: { junk: 1 },
      token: await sut.token({ role: 'organizer' }),
    });
    expect(res.statusCode).toBe(403);
    expect(sut.catalog.UpdateEvent).not.toHaveBeenCalled();
    await sut.app.close();
  });
});

describe('DELETE /api/v1/admin/events/:id', () => {
  it('cancels through catalog and answers 202 with the cancelled event', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ CancelEvent: async () => eventMessage({ status: 'cancelled' }) }),
    });
    const token = await sut.token({ role: 'admin' });
    const res = await sut.request({ method: 'DELETE', url: `${url}?reason=Venue%20flooded`, token });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ data: { ...EVENT_JSON, status: 'cancelled' } });
    expect(sut.catalog.CancelEvent).toHaveBeenCalledWith({ id: EVENT_ID, reason: 'Venue flooded' }, { token });
    await sut.app.close();
  });

  it('answers 404 for an unknown event and 400 for a bad id', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ CancelEvent: () => Promise.reject(new AppError('NOT_FOUND', 'No such event.')) }),
    });
    const token = await sut.token({ role: 'admin' });
    expect((await sut.request({ method: 'DELETE', url, token })).statusCode).toBe(404);
    expect((await sut.request({ method: 'DELETE', url: '/api/v1/admin/events/x', token })).statusCode).toBe(400);
    expect(sut.catalog.CancelEvent).toHaveBeenCalledWith({ id: EVENT_ID, reason: '' }, { token });
    await sut.app.close();
  });

  it('refuses a customer with 403', async () => {
    const sut = await buildTestApp();
    expect((await sut.request({ method: 'DELETE', url, token: await sut.token() })).statusCode).toBe(403);
    expect(sut.catalog.CancelEvent).not.toHaveBeenCalled();
    await sut.app.close();
  });
});
