import { fakeCatalog } from '../../test/support/fake-clients';
import { EVENT_ID, eventMessage } from '../../test/support/messages';
import { buildTestApp, type TestApp } from '../../test/support/test-app';

const EVENT = {
  name: 'Konser Tulus',
  description: 'Doors 19:00\nShow 20:00',
  location: 'Bandung',
  starts_at: '2030-02-01T19:00:00+07:00',
  currency: 'IDR',
  sections: [{ name: 'Regular', price_cents: 50_000, rows: 2, seats_per_row: 10 }],
};

const LINE_BREAKERS = ['\r\n', '\n', '\r', '\u0000', '\t', '\u001b', '\u0085', '\u2028', '\u2029'];

describe('free text and currencies, as the shared rules say', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await buildTestApp({ catalog: fakeCatalog({ CreateEvent: async () => eventMessage() }) });
  });
  afterAll(() => sut.app.close());
  beforeEach(() => jest.clearAllMocks());

  const post = async (url: string, body: unknown) => sut.request({ method: 'POST', url, body, token: await sut.token({ role: 'organizer' }) });

  const expectRefused = (res: Awaited<ReturnType<typeof post>>, fields: string[]) => {
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    // A person can read the reason; the pattern itself is not quoted.
    for (const error of problem.errors) expect(error.message).not.toContain('\\u');
  };

  it('passes ordinary text through, LF inside a description included', async () => {
    expect((await post('/api/v1/events', EVENT)).statusCode).toBe(201);
    expect(sut.catalog.CreateEvent).toHaveBeenCalledWith(expect.objectContaining({ description: EVENT.description }), expect.anything());
  });

  const codePoints = (text: string) => [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

  it.each(LINE_BREAKERS.map((c) => [codePoints(c), c]))(
    'refuses %s inside an event name, location and section name before catalog sees it',
    async (_name, control) => {
      const res = await post('/api/v1/events', {
        ...EVENT,
        name: `Rock${control}Bcc: x@evil.test`,
        location: `Hall${control}B`,
        sections: [{ ...EVENT.sections[0], name: `VIP${control}` }],
      });
      expectRefused(res, ['name', 'location', 'sections[0].name']);
      expect(sut.catalog.CreateEvent).not.toHaveBeenCalled();
    },
  );

  it('refuses a control character other than LF in a description', async () => {
    expectRefused(await post('/api/v1/events', { ...EVENT, description: 'Doors\r\nShow' }), ['description']);
  });

  it('refuses a user name with a line break, at registration', async () => {
    const res = await sut.request({
      method: 'POST',
      url: '/api/v1/register',
      body: { name: 'Ann\u2028Subject: hi', email: 'ann@example.com', password: 'long enough' },
    });
    expectRefused(res, ['name']);
    expect(sut.auth.Register).not.toHaveBeenCalled();
  });

  it('refuses a section to book by with a line break', async () => {
    expectRefused(await post('/api/v1/bookings', { event_id: EVENT_ID, quantity: 1, section: 'VIP\n' }), ['section']);
  });

  it('refuses a cancellation reason with a line break', async () => {
    const res = await sut.request({
      method: 'DELETE',
      url: `/api/v1/admin/events/${EVENT_ID}?reason=${encodeURIComponent('Flooded\r\nRefunds follow')}`,
      token: await sut.token({ role: 'admin' }),
    });
    expectRefused(res, ['reason']);
  });

  it.each(['ABC', 'XXX', 'HRK', 'idr'])('refuses the currency %s, no ISO 4217 code in use', async (currency) => {
    const res = await post('/api/v1/events', { ...EVENT, currency });
    expectRefused(res, ['currency']);
    expect(res.json().errors[0].message).toBe('must be one of the values the API document lists');
  });

  it('holds to the limits the services enforce (price, page, payment token)', async () => {
    const overPrice = { ...EVENT, sections: [{ ...EVENT.sections[0], price_cents: 100_000_000_001 }] };
    expectRefused(await post('/api/v1/events', overPrice), ['sections[0].price_cents']);
    const page = await sut.request({ method: 'GET', url: '/api/v1/events?page=10001' });
    expect(page.statusCode).toBe(400);
    const token = { booking_id: EVENT_ID, payment_method: 'e_wallet', payment_token: 't'.repeat(256) };
    expectRefused(await post('/api/v1/payments', token), ['payment_token']);
  });
});
