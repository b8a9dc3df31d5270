import { randomBytes } from 'node:crypto';
import { createAdmin, createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import {
  apiClient,
  dataOf,
  pageOf,
  problemOf,
  type ApiClient,
  type ApiResponse,
  type Booking,
  type Event,
  type EventDetail,
  type LargeEventDetail,
  type Seat,
  type SeatChoice,
} from '../support/http';
import { startStack, type Stack } from '../support/stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VIP_PRICE = 150_000_000;
const FESTIVAL_PRICE = 50_000_000;
const HOLD_TTL_SECONDS = 600;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * One event's life through the gateway, against real auth, catalog and booking processes and
 * RabbitMQ: an organizer publishes it, its seats arrive, people hold and cancel seats, an admin
 * cancels it. The steps share their state and run in order.
 */
describe('e2e: events and bookings through the gateway, catalog, booking and RabbitMQ', () => {
  let stack: Stack;
  let api: ApiClient;
  let organizer: Account;
  let admin: Account;
  let alice: Account;
  let bob: Account;
  let carol: Account;
  let event: Event;
  let seats: Seat[];
  let aliceBooking: Booking;
  let aliceSecondBooking: Booking;
  let bobBooking: Booking;
  let carolBooking: Booking;

  beforeAll(async () => {
    // Alice holds again right after cancelling: the cool-down that would refuse it has its own test (anti-hoarding).
    // The event of these steps has 20 seats: exactly as many as GET /events/:id lists.
    stack = await startStack({
      bookingEnv: { HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS), HOLD_COOLDOWN_SECONDS: '0', EVENT_DETAIL_MAX_SEATS: '20' },
    });
    api = apiClient(stack.baseUrl);
    [organizer, admin, alice, bob, carol] = await Promise.all([
      createWithRole(api, stack.sql, 'organizer'),
      createAdmin(api, stack.sql),
      registerAndLogin(api, 'alice'),
      registerAndLogin(api, 'bob'),
      registerAndLogin(api, 'carol'),
    ]);
  }, 90_000);
  afterAll(() => stack?.stop(), 30_000);

  const as = (account: Account) => ({ token: account.tokens.access_token });
  const detail = async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`));
  const book = (account: Account, body: SeatChoice, key?: string) =>
    api.post(
      '/api/v1/bookings',
      { event_id: event.id, ...body },
      {
        ...as(account),
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
      },
    );
  const expectProblem = (res: ApiResponse, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(problemOf(res)).toMatchObject({ status, code });
  };
  const seatsOf = (section: string) => seats.filter((seat) => seat.section === section);

  it('lets an organizer publish an event: 201 with the layout, capacity and organizer', async () => {
    const name = `E2E Concert ${randomBytes(4).toString('hex')}`;
    const res = await api.post(
      '/api/v1/events',
      {
        name,
        description: 'Two sections',
        location: 'Jakarta',
        starts_at: inDays(30),
        currency: 'IDR',
        sections: [
          { name: 'VIP', price_cents: VIP_PRICE, rows: 2, seats_per_row: 5 },
          { name: 'Festival', price_cents: FESTIVAL_PRICE, capacity: 10 },
        ],
      },
      as(organizer),
    );
    expect(res.status).toBe(201);
    event = dataOf<Event>(res);
    expect(event).toMatchObject({
      id: expect.stringMatching(UUID),
      name,
      description: 'Two sections',
      location: 'Jakarta',
      currency: 'IDR',
      status: 'available',
      organizer_id: organizer.user.id,
      capacity: 20,
      sections: [
        { name: 'VIP', price_cents: VIP_PRICE, rows: 2, seats_per_row: 5, capacity: 10 },
        { name: 'Festival', price_cents: FESTIVAL_PRICE, capacity: 10 },
      ],
    });
    expect(Date.parse(event.starts_at)).toBeGreaterThan(Date.now());

    const found = pageOf<Event>(await api.get(`/api/v1/events?search=${encodeURIComponent(name)}`));
    expect(found.data.map((e) => e.id)).toEqual([event.id]);
    expect(found.meta).toEqual({ total: 1, page: 1, limit: 20, has_more: false });
  });

  it('refuses a customer who tries to publish (403, from catalog)', async () => {
    const res = await api.post(
      '/api/v1/events',
      { name: 'Nope', location: 'X', starts_at: inDays(3), sections: [{ name: 'A', price_cents: 1, capacity: 1 }] },
      as(alice),
    );
    expectProblem(res, 403, 'FORBIDDEN');
  });

  it('shows the event’s seats once booking has materialized them from event.created', async () => {
    const loaded = await eventually('20 seats in GET /events/:id', detail, (d) => d.seats.length === 20);
    expect(loaded.event).toEqual(event);
    seats = loaded.seats;
    expect(new Set(seats.map((s) => s.id)).size).toBe(20);
    expect(seats.every((s) => s.status === 'available' && UUID.test(s.id))).toBe(true);
    expect(seatsOf('VIP')).toHaveLength(10);
    expect(seatsOf('Festival')).toHaveLength(10);
    expect(seatsOf('VIP').every((s) => s.price_cents === VIP_PRICE && s.row !== null)).toBe(true);
    expect(seatsOf('Festival').every((s) => s.price_cents === FESTIVAL_PRICE)).toBe(true);
  });

  it('answers an event of more seats than EVENT_DETAIL_MAX_SEATS (20) without them: their count and the seat map’s path, which works', async () => {
    const sections = [{ name: 'Hall', price_cents: VIP_PRICE, rows: 3, seats_per_row: 7 }];
    const created = await api.post('/api/v1/events', { name: 'E2E Hall', location: 'Bandung', starts_at: inDays(30), sections }, as(organizer));
    const large = dataOf<Event>(created);
    const answer = await eventually(
      'the count in GET /events/:id',
      async () => dataOf<EventDetail | LargeEventDetail>(await api.get(`/api/v1/events/${large.id}`)),
      (d) => 'seat_map' in d,
    );
    const seatMap = `/api/v1/events/${large.id}/availability` as const;
    expect(answer).toEqual({ event: large, seat_count: 21, seat_map: seatMap });

    const map = dataOf<{ sections: { name: string; statuses: string }[] }>(await api.get(seatMap));
    expect(map.sections.map((section) => [section.name, section.statuses])).toEqual([['Hall', 'a'.repeat(21)]]);
  });

  it('holds named seats for Alice: 201 with the seats, total_cents and expires_at', async () => {
    const [first, second] = seatsOf('VIP');
    const before = Date.now();
    const res = await book(alice, { seat_ids: [first!.id, second!.id] });
    expect(res.status).toBe(201);
    aliceBooking = dataOf<Booking>(res);
    expect(aliceBooking).toMatchObject({
      id: expect.stringMatching(UUID),
      user_id: alice.user.id,
      event_id: event.id,
      status: 'PENDING',
      total_cents: 2 * VIP_PRICE,
      currency: 'IDR',
    });
    expect(aliceBooking.seats).toEqual(
      expect.arrayContaining([
        { id: first!.id, label: first!.label, price_cents: VIP_PRICE },
        { id: second!.id, label: second!.label, price_cents: VIP_PRICE },
      ]),
    );
    expect(aliceBooking.seats).toHaveLength(2);
    const expiresIn = Date.parse(aliceBooking.expires_at!) - before;
    expect(expiresIn).toBeGreaterThan((HOLD_TTL_SECONDS - 60) * 1_000);
    expect(expiresIn).toBeLessThanOrEqual((HOLD_TTL_SECONDS + 60) * 1_000);
  });

  it('holds the best available quantity in a section for Bob', async () => {
    const res = await book(bob, { quantity: 2, section: 'Festival' });
    expect(res.status).toBe(201);
    bobBooking = dataOf<Booking>(res);
    expect(bobBooking).toMatchObject({ user_id: bob.user.id, status: 'PENDING', total_cents: 2 * FESTIVAL_PRICE });
    const festivalIds = new Set(seatsOf('Festival').map((s) => s.id));
    expect(bobBooking.seats).toHaveLength(2);
    expect(bobBooking.seats.every((s) => festivalIds.has(s.id))).toBe(true);
  });

  it('refuses a seat someone holds with 409 SEAT_UNAVAILABLE', async () => {
    expectProblem(await book(carol, { seat_ids: [aliceBooking.seats[0]!.id] }), 409, 'SEAT_UNAVAILABLE');
  });

  it('shows the held seats as held', async () => {
    const held = new Set([...aliceBooking.seats, ...bobBooking.seats].map((s) => s.id));
    const { seats: now } = await detail();
    for (const seat of now) expect(seat.status).toBe(held.has(seat.id) ? 'held' : 'available');
  });

  it('shows the same seats in the compact availability map: ids and labels from the layout, held ones as h, 304 while unchanged', async () => {
    interface SectionMap {
      name: string;
      seats_per_row?: number;
      seat_id_prefix: string;
      statuses: string;
    }
    const url = `/api/v1/events/${event.id}/availability` as const;
    const held = new Set([...aliceBooking.seats, ...bobBooking.seats].map((s) => s.id));
    const expected = seats.map((seat) => `${seat.id} ${seat.label} ${held.has(seat.id) ? 'h' : 'a'}`);
    // What a client does with the map (rows here are A and B only).
    const decode = (sections: SectionMap[]) =>
      sections.flatMap((section) =>
        [...section.statuses].map((code, i) => {
          const place = section.seats_per_row
            ? `${String.fromCharCode(65 + Math.floor(i / section.seats_per_row))}-${(i % section.seats_per_row) + 1}`
            : `${i + 1}`;
          return `${section.seat_id_prefix}${(i + 1).toString(16).padStart(8, '0')} ${section.name}-${place} ${code}`;
        }),
      );

    // Booking serves a map read at most AVAILABILITY_CACHE_MS (0.5 s) ago.
    const res = await eventually(
      'the held seats in the map',
      () => api.get(url),
      (r) => JSON.stringify(decode(dataOf<{ sections: SectionMap[] }>(r).sections)) === JSON.stringify(expected),
    );
    expect(res.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const again = await api.get(url, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('replays an Idempotency-Key: the same body gives the same booking, another body 422', async () => {
    const key = `e2e-${randomBytes(6).toString('hex')}`;
    const seat = seatsOf('VIP')[5]!;
    const first = await book(carol, { seat_ids: [seat.id] }, key);
    expect(first.status).toBe(201);
    carolBooking = dataOf<Booking>(first);

    const replay = await book(carol, { seat_ids: [seat.id] }, key);
    expect(replay.status).toBe(201);
    expect(dataOf<Booking>(replay)).toEqual(carolBooking);

    expectProblem(await book(carol, { seat_ids: [seatsOf('VIP')[6]!.id] }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('lists each person’s own bookings under /me/bookings', async () => {
    const alices = pageOf<Booking>(await api.get('/api/v1/me/bookings', as(alice)));
    expect(alices.data).toEqual([aliceBooking]);
    expect(alices.meta).toEqual({ total: 1, page: 1, limit: 20, has_more: false });
    const bobs = pageOf<Booking>(await api.get('/api/v1/me/bookings?limit=500', as(bob)));
    expect(bobs.data.map((b) => b.id)).toEqual([bobBooking.id]);
    expect(bobs.meta.limit).toBe(100);
  });

  it('answers 404 to someone else asking for, or cancelling, a booking', async () => {
    expect(dataOf<Booking>(await api.get(`/api/v1/bookings/${aliceBooking.id}`, as(alice)))).toEqual(aliceBooking);
    expectProblem(await api.get(`/api/v1/bookings/${aliceBooking.id}`, as(bob)), 404, 'NOT_FOUND');
    expectProblem(await api.delete(`/api/v1/bookings/${aliceBooking.id}`, as(bob)), 404, 'NOT_FOUND');
  });

  it('cancels Alice’s pending booking and makes its seats available again', async () => {
    const res = await api.delete(`/api/v1/bookings/${aliceBooking.id}`, as(alice));
    expect(res.status).toBe(200);
    expect(dataOf<Booking>(res)).toMatchObject({ id: aliceBooking.id, status: 'CANCELLED' });

    const released = new Set(aliceBooking.seats.map((s) => s.id));
    const { seats: now } = await detail();
    expect(now.filter((s) => released.has(s.id)).map((s) => s.status)).toEqual(['available', 'available']);

    // Cancelling it again is refused, not a 5xx.
    const again = await api.delete(`/api/v1/bookings/${aliceBooking.id}`, as(alice));
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);

    // The released seat can be held again.
    const rebooked = await book(alice, { seat_ids: [aliceBooking.seats[0]!.id] });
    expect(rebooked.status).toBe(201);
    aliceSecondBooking = dataOf<Booking>(rebooked);
  });

  it('lists an event’s bookings for an admin, filtered and sorted', async () => {
    const url = `/api/v1/admin/events/${event.id}/bookings?sort=-total_cents` as const;
    const all = pageOf<Booking>(await api.get(url, as(admin)));
    expect(all.meta.total).toBe(4);
    expect(all.data.map((b) => b.total_cents)).toEqual([...all.data.map((b) => b.total_cents)].sort((a, b) => b - a));

    const cancelled = pageOf<Booking>(await api.get(`${url}&status=CANCELLED`, as(admin)));
    expect(cancelled.data.map((b) => b.id)).toEqual([aliceBooking.id]);

    const everywhere = pageOf<Booking>(await api.get(`/api/v1/admin/bookings?event_id=${event.id}&limit=2`, as(admin)));
    expect(everywhere.meta).toEqual({ total: 4, page: 1, limit: 2, has_more: true });

    expectProblem(await api.get('/api/v1/admin/bookings', as(alice)), 403, 'FORBIDDEN');
  });

  it('lets an admin cancel the event: 202, then its pending bookings become CANCELLED', async () => {
    expectProblem(await api.delete(`/api/v1/admin/events/${event.id}`, as(organizer)), 403, 'FORBIDDEN');

    const res = await api.delete(`/api/v1/admin/events/${event.id}`, as(admin));
    expect(res.status).toBe(202);
    expect(dataOf<Event>(res)).toMatchObject({ id: event.id, status: 'cancelled' });

    for (const [account, booking] of [
      [alice, aliceSecondBooking],
      [bob, bobBooking],
      [carol, carolBooking],
    ] as const) {
      await eventually(
        `booking ${booking.id} cancelled by event.cancelled`,
        async () => dataOf<Booking>(await api.get(`/api/v1/bookings/${booking.id}`, as(account))),
        (b) => b.status === 'CANCELLED',
      );
    }
    const pending = pageOf<Booking>(await api.get(`/api/v1/admin/events/${event.id}/bookings?status=PENDING`, as(admin)));
    expect(pending.meta.total).toBe(0);
    expect((await detail()).event.status).toBe('cancelled');
  });

  it('refuses a booking on the cancelled event with a 4xx', async () => {
    const dave = await registerAndLogin(api, 'dave');
    const res = await book(dave, { quantity: 1 });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
  });
});
