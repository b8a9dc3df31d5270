import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import { apiClient, dataOf, problemOf, type ApiClient, type ApiResponse, type Booking, type Event, type EventDetail } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/** How long a process keeps serving after its readiness fails. */
const GATEWAY_DRAIN_MS = 4_000;
const PAYMENT_DRAIN_MS = 2_000;
/** The simulated provider's time per charge: a payment is still in flight when a drain ends. */
const PROVIDER_LATENCY_MS = 8_000;
/** Well past a drain plus a charge; a shutdown that waits for an idle connection overruns it. */
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** Payment's calls in flight are cut off (SHUTDOWN_TIMEOUT_MS - drain) / 2 = 19 s after its drain. */
const PAYMENT_SHUTDOWN_TIMEOUT_MS = 40_000;
/** Once its last answer is out, a process has only pools and loops left to close. */
const EXIT_AFTER_LAST_ANSWER_MS = 5_000;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Whether a new TCP connection to `url`'s port is accepted, or the error code that refused it. */
const newConnectionTo = (url: string) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
  });

/**
 * SIGTERM while a payment is in flight, to payment (the gRPC services' shared shutdown) and then to
 * the gateway: readiness fails first while the process still serves (load balancers are still
 * sending), then it stops accepting, finishes the payment in flight and exits 0 within
 * SHUTDOWN_TIMEOUT_MS.
 */
describe('e2e: graceful shutdown with a payment in flight', () => {
  let stack: Stack;
  let api: ApiClient;
  let organizer: Account;
  let event: Event;

  beforeAll(async () => {
    stack = await startStack({
      notifier: true,
      env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
      gatewayEnv: { SHUTDOWN_DRAIN_MS: String(GATEWAY_DRAIN_MS), GRPC_DEADLINE_MS: '20000' },
      paymentEnv: {
        SHUTDOWN_DRAIN_MS: String(PAYMENT_DRAIN_MS),
        SHUTDOWN_TIMEOUT_MS: String(PAYMENT_SHUTDOWN_TIMEOUT_MS),
        PROVIDER_LATENCY_MS: String(PROVIDER_LATENCY_MS),
        PROVIDER_TIMEOUT_MS: '15000',
        GRPC_DEADLINE_MS: '20000',
        RECONCILE_AFTER_MS: '60000',
      },
    });
    api = apiClient(stack.baseUrl);
    organizer = await createWithRole(api, stack.sql, 'organizer');
    const body = {
      name: `Drained ${randomBytes(4).toString('hex')}`,
      location: 'Jakarta',
      starts_at: inDays(30),
      sections: [{ name: 'GA', price_cents: 10_000, capacity: 5 }],
    };
    event = dataOf<Event>(await api.post('/api/v1/events', body, { token: organizer.tokens.access_token }));
    await eventually(
      'seats',
      async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`)),
      (d) => d.seats.length > 0,
    );
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  /** A buyer's payment, resolved once payment has recorded the attempt and waits for the provider. */
  async function paymentInFlight(label: string): Promise<{ answer: Promise<ApiResponse>; settled: () => boolean }> {
    const buyer = await registerAndLogin(api, label);
    const booking = dataOf<Booking>(await api.post('/api/v1/bookings', { event_id: event.id, quantity: 1 }, { token: buyer.tokens.access_token }));
    let settled = false;
    const answer = api.post('/api/v1/payments', { booking_id: booking.id, payment_method: 'credit_card' }, { token: buyer.tokens.access_token });
    void answer.finally(() => (settled = true));
    await eventually(
      'the payment in flight',
      async () => (await stack.sql.query(/* sql */ `SELECT 1 FROM payment.transactions WHERE booking_id = $1`, [booking.id])).rowCount,
      (rows) => rows === 1,
    );
    return { answer, settled: () => settled };
  }

  it('payment: NOT_SERVING first, finishes the charge in flight, then exits 0', async () => {
    const payment = await paymentInFlight('bob');

    const exited = stack.stopProcess('payment');
    await eventually(
      'payment NOT_SERVING',
      () => api.get('/readyz'),
      (res) => res.status === 503,
    );
    expect(payment.settled()).toBe(false);

    expect((await payment.answer).status).toBe(201);
    const answeredAt = Date.now();
    expect(await exited).toBe('code 0');
    // Not cut off by the force: the server stopped as soon as its last call was answered.
    expect(Date.now() - answeredAt).toBeLessThan(EXIT_AFTER_LAST_ANSWER_MS);
    await stack.startProcess('payment');
  }, 90_000);

  it('gateway: fails /readyz, serves through SHUTDOWN_DRAIN_MS, refuses new connections, answers the payment in flight, exits 0', async () => {
    const payment = await paymentInFlight('alice');

    const exited = stack.stopProcess('gateway');
    const unready = await eventually(
      '/readyz failing',
      () => api.get('/readyz'),
      (res) => res.status === 503,
    );
    expect(problemOf(unready)).toMatchObject({ code: 'UNAVAILABLE', detail: 'Shutting down.' });
    // A caller that has not yet seen the readiness fail is still served, and told to reconnect.
    const duringDrain = await api.get('/healthz');
    expect(duringDrain.status).toBe(200);
    expect(duringDrain.headers.get('connection')).toBe('close');

    // After the drain: no new connection, while the payment is still being answered.
    await eventually(
      'new connections refused',
      () => newConnectionTo(stack.baseUrl),
      (outcome) => outcome === 'ECONNREFUSED',
    );
    expect(payment.settled()).toBe(false);

    expect((await payment.answer).status).toBe(201);
    const answeredAt = Date.now();
    expect(await exited).toBe('code 0');
    // Not held by the answered request's kept-alive connection until the shutdown timeout.
    expect(Date.now() - answeredAt).toBeLessThan(EXIT_AFTER_LAST_ANSWER_MS);
  }, 90_000);

  it('every other service exits 0 on SIGTERM', async () => {
    for (const name of ['notifier', 'payment', 'booking', 'catalog', 'auth'] as const) {
      expect(`${name}: ${await stack.stopProcess(name)}`).toBe(`${name}: code 0`);
    }
  }, 120_000);
});
