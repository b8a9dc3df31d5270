import { randomBytes, randomUUID } from 'node:crypto';
import { createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import { apiClient, dataOf, problemOf, type ApiClient, type ApiResponse, type Booking, type Event, type EventDetail } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const REGISTER_LIMIT_PER_IP = 5;
const MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT = 20;
/** Above the organizer's four events; a day's window (from 00:00 UTC), so the counts hold for the whole file. */
const WRITE_LIMIT_PER_USER = 5;
/** Holds come "from" this client through a proxy the gateway trusts (TRUST_PROXY): booking must count them under it. */
const CLIENT = '198.51.100.7';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The anti-hoarding rules through the gateway (docs/security/anti-hoarding.md): sign-ups per
 * address (every one from 127.0.0.1), seats held per address per event (holds forwarded for one
 * client address, which the gateway passes on to booking), the cool-down
 * after a release, the cap on a person's held seats across events and the write limit per person
 * (counted by the services that own the writes), each answered as problem+json with its code. The
 * steps share their accounts and run in order.
 */
describe('e2e: anti-hoarding through the gateway and booking', () => {
  let stack: Stack;
  let api: ApiClient;
  let organizer: Account;
  let customers: Account[];

  beforeAll(async () => {
    stack = await startStack({
      env: { WRITE_LIMIT_PER_USER: String(WRITE_LIMIT_PER_USER), WRITE_LIMIT_WINDOW_SECONDS: '86400' },
      gatewayEnv: { TRUST_PROXY: 'true' },
      authEnv: { REGISTER_LIMIT_PER_IP: String(REGISTER_LIMIT_PER_IP) },
      bookingEnv: { MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT: String(MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT) },
    });
    api = apiClient(stack.baseUrl);
    // One at a time: the organizer and four customers are the address's five sign-ups.
    organizer = await createWithRole(api, stack.sql, 'organizer');
    customers = [];
    for (let n = 0; n < REGISTER_LIMIT_PER_IP - 1; n++) customers.push(await registerAndLogin(api, `buyer${n}`));
  }, 90_000);
  afterAll(() => stack?.stop(), 30_000);

  const expectProblem = (res: ApiResponse, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(problemOf(res)).toMatchObject({ status, code });
  };
  const as = (account: Account) => ({ token: account.tokens.access_token });
  const hold = (account: Account, eventId: string, quantity: number, client = CLIENT) =>
    api.post('/api/v1/bookings', { event_id: eventId, quantity }, { ...as(account), headers: { 'x-forwarded-for': client } });

  async function publishEvent(capacity: number): Promise<string> {
    const res = await api.post(
      '/api/v1/events',
      {
        name: `Hoarded ${randomBytes(4).toString('hex')}`,
        location: 'Jakarta',
        starts_at: inDays(30),
        currency: 'IDR',
        sections: [{ name: 'GA', price_cents: 100_000, capacity }],
      },
      as(organizer),
    );
    const event = dataOf<Event>(res);
    await eventually(
      `${capacity} seats of ${event.id}`,
      async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`)),
      (d) => d.seats.length === capacity,
    );
    return event.id;
  }

  it(`refuses the ${REGISTER_LIMIT_PER_IP + 1}th sign-up from one address: 429 RATE_LIMITED with Retry-After`, async () => {
    const res = await api.post('/api/v1/register', {
      name: 'One too many',
      email: `extra-${randomBytes(5).toString('hex')}@example.com`,
      password: 'throwaway-pass',
    });
    expectProblem(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  let contested: string;
  let firstHold: Booking;

  it(`stops holds from one address at ${MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT} seats of an event, whatever the accounts: 422 ADDRESS_SEAT_LIMIT_EXCEEDED`, async () => {
    contested = await publishEvent(200);
    const [first, second, third] = customers as [Account, Account, Account];
    firstHold = dataOf<Booking>(await hold(first, contested, 10));
    expect((await hold(second, contested, 10)).status).toBe(201);
    expectProblem(await hold(third, contested, 1), 422, 'ADDRESS_SEAT_LIMIT_EXCEEDED');
    // Booking counts the client's address, not the gateway's: another client still gets seats.
    expect((await hold(third, contested, 1, '198.51.100.8')).status).toBe(201);
  });

  it('makes a person who cancelled wait before holding on that event again: 429 HOLD_COOLDOWN with Retry-After', async () => {
    const first = customers[0]!;
    expect((await api.delete(`/api/v1/bookings/${firstHold.id}`, as(first))).status).toBe(200);

    const res = await hold(first, contested, 1);
    expectProblem(res, 429, 'HOLD_COOLDOWN');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('caps the seats one person holds across events: 422 USER_SEAT_LIMIT_EXCEEDED', async () => {
    const [a, b, c] = [await publishEvent(20), await publishEvent(20), await publishEvent(20)];
    const fourth = customers[3]!;
    expect((await hold(fourth, a, 10)).status).toBe(201);
    expect((await hold(fourth, b, 10)).status).toBe(201);
    expectProblem(await hold(fourth, c, 1), 422, 'USER_SEAT_LIMIT_EXCEEDED');
  });

  it(`refuses a person's writes past ${WRITE_LIMIT_PER_USER}, whichever service owns them: 429 RATE_LIMITED with Retry-After`, async () => {
    const second = customers[1]!; // one hold so far
    const cancels = [];
    for (let n = 1; n < WRITE_LIMIT_PER_USER; n++) cancels.push((await api.delete(`/api/v1/bookings/${randomUUID()}`, as(second))).status);
    expect(cancels).toEqual([404, 404, 404, 404]);

    // Booking has counted five; payment reads the same count.
    const res = await api.post('/api/v1/payments', { booking_id: randomUUID(), payment_method: 'credit_card' }, as(second));
    expectProblem(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expectProblem(await api.delete(`/api/v1/bookings/${randomUUID()}`, as(second)), 429, 'RATE_LIMITED');
  });
});
