import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import { apiClient, dataOf, problemOf, type ApiClient, type Booking, type Event, type EventDetail } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/** How long the gateway keeps serving after its readiness fails. */
const DRAIN_MS = 4_000;
/** Well into the drain, and long after the gateway would have closed without one. */
const LATE_REQUEST_AFTER_MS = 1_500;
/** The simulated provider's time per charge: a payment is still in flight when the drain ends. */
const PROVIDER_LATENCY_MS = 8_000;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * SIGTERM to the gateway while a payment is in flight: /readyz fails first while the gateway still
 * takes requests (load balancers are still sending), then it stops accepting, answers the payment
 * in flight and exits 0.
 */
describe('e2e: the gateway drains on SIGTERM', () => {
  let stack: Stack;
  let api: ApiClient;
  let alice: Account;
  let booking: Booking;

  beforeAll(async () => {
    stack = await startStack({
      gatewayEnv: { SHUTDOWN_DRAIN_MS: String(DRAIN_MS), SHUTDOWN_TIMEOUT_MS: '40000', GRPC_DEADLINE_MS: '20000' },
      paymentEnv: { PROVIDER_LATENCY_MS: String(PROVIDER_LATENCY_MS), PROVIDER_TIMEOUT_MS: '15000', GRPC_DEADLINE_MS: '20000', RECONCILE_AFTER_MS: '60000' },
    });
    api = apiClient(stack.baseUrl);
    const organizer = await createWithRole(api, stack.sql, 'organizer');
    alice = await registerAndLogin(api, 'alice');
    const body = { name: `Drained ${randomBytes(4).toString('hex')}`, location: 'Jakarta', starts_at: inDays(30), sections: [{ name: 'GA', price_cents: 10_000, capacity: 5 }] };
    const event = dataOf<Event>(await api.post('/api/v1/events', body, { token: organizer.tokens.access_token }));
    await eventually('seats', async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`)), (d) => d.seats.length > 0);
    booking = dataOf<Booking>(await api.post('/api/v1/bookings', { event_id: event.id, quantity: 1 }, { token: alice.tokens.access_token }));
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  it('fails /readyz first, keeps serving through SHUTDOWN_DRAIN_MS, answers the payment in flight, then exits 0', async () => {
    const payment = api.post('/api/v1/payments', { booking_id: booking.id, payment_method: 'credit_card' }, { token: alice.tokens.access_token });
    // In flight: payment has recorded its attempt and is waiting for the provider.
    await eventually(
      'the payment in flight',
      async () => (await stack.sql.query(/* sql */ `SELECT 1 FROM payment.transactions WHERE booking_id = $1`, [booking.id])).rowCount,
      (rows) => rows === 1,
    );

    const exited = stack.stopGateway();
    const unready = await eventually('/readyz failing', () => api.get('/readyz'), (res) => res.status === 503);
    expect(problemOf(unready)).toMatchObject({ code: 'UNAVAILABLE', detail: 'Shutting down.' });
    await delay(LATE_REQUEST_AFTER_MS);
    // A caller that has not yet seen the readiness fail is still served.
    expect((await api.get('/healthz')).status).toBe(200);

    const paid = await payment;
    expect(paid.status).toBe(201);
    expect(await exited).toBe('code 0');
    await expect(fetch(`${stack.baseUrl}/healthz`)).rejects.toThrow();
  }, 60_000);
});
