import { randomBytes, randomUUID } from 'node:crypto';
import { scrapeMetrics, type Scrape } from '@ticres/shared/testing';
import { createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import { apiClient, dataOf, type ApiClient, type Booking, type Event, type EventDetail, type NewEvent } from '../support/http';
import { untypedApiClient } from '../support/untyped-http';
import { alertExpressions, dashboardExpressions, metricNamesIn } from '../support/observability';
import { startStack, type Stack, type StackProcess } from '../support/stack';

const SERVICES: StackProcess[] = ['gateway', 'auth', 'catalog', 'booking', 'payment', 'notifier'];
const WITH_DATABASE: StackProcess[] = ['auth', 'catalog', 'booking', 'payment', 'notifier'];
const WITH_OUTBOX: StackProcess[] = ['catalog', 'booking', 'payment'];
const CONSUMERS: StackProcess[] = ['booking', 'payment', 'notifier'];
const BOOKING_RPC = 'ticres.booking.v1.BookingService';
/** How long anything that travels through RabbitMQ may take before a test gives up. */
const SETTLE_MS = 20_000;
/** Series Prometheus makes itself for every target, which no service exports. */
const PROMETHEUS_OWN = ['up'];

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Every service a real process; one person holds two seats and pays through the gateway, then the
 * /metrics listener of each process is scraped over HTTP, as Prometheus does.
 */
describe('e2e: metrics of every service after a purchase', () => {
  let stack: Stack;
  let api: ApiClient;
  let alice: Account;
  let concert: Event;
  let booking: Booking;

  const scrape = (service: StackProcess) => scrapeMetrics(stack.metricsUrlOf(service));
  const eventuallyScraped = (service: StackProcess, what: string, done: (scrape: Scrape) => boolean) =>
    eventually(`${service}: ${what}`, () => scrape(service), done, SETTLE_MS);

  beforeAll(async () => {
    stack = await startStack({ notifier: true });
    api = apiClient(stack.baseUrl);
    const organizer = await createWithRole(api, stack.sql, 'organizer');
    alice = await registerAndLogin(api, 'alice');
    const sections = [{ name: 'Floor', price_cents: 50_000, rows: 1, seats_per_row: 4 }];
    const body: NewEvent = {
      name: `Metrics Concert ${randomBytes(4).toString('hex')}`,
      location: 'Jakarta',
      starts_at: inDays(30),
      currency: 'IDR',
      sections,
    };
    concert = dataOf<Event>(await api.post('/api/v1/events', body, { token: organizer.tokens.access_token }));
    const detail = await eventually(
      'seats materialized',
      async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${concert.id}`)),
      (d) => d.seats.length === 4,
      SETTLE_MS,
    );
    const token = { token: alice.tokens.access_token };
    booking = dataOf<Booking>(await api.post('/api/v1/bookings', { event_id: concert.id, seat_ids: detail.seats.slice(0, 2).map((s) => s.id) }, token));
    expect((await api.post('/api/v1/payments', { booking_id: booking.id, payment_method: 'credit_card' }, token)).status).toBe(201);
    await eventually(
      'booking PAID',
      async () => dataOf<Booking>(await api.get(`/api/v1/bookings/${booking.id}`, token)),
      (b) => b.status === 'PAID',
      SETTLE_MS,
    );
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  it('booking counts the hold and its confirmation, and the messages it applied by type', async () => {
    const metrics = await eventuallyScraped('booking', 'hold confirmed', (m) => m.value('ticres_holds_confirmed_total') === 1);
    expect(metrics.value('ticres_holds_created_total')).toBe(1);
    expect(metrics.value('ticres_holds_expired_total')).toBe(0);
    expect(metrics.value('ticres_consumer_messages_total', { type: 'event.created', outcome: 'applied' })).toBe(1);
    expect(metrics.value('ticres_consumer_messages_total', { type: 'booking.paid', outcome: 'applied' })).toBe(1);
    expect(metrics.value('ticres_consumer_messages_total', { outcome: 'parked' })).toBeUndefined();
  });

  it('booking times and counts each RPC by method and status code', async () => {
    const unknown = await api.get(`/api/v1/bookings/${randomUUID()}`, { token: alice.tokens.access_token });
    expect(unknown.status).toBe(404);

    const metrics = await scrape('booking');
    const holdSeats = { grpc_service: BOOKING_RPC, grpc_method: 'HoldSeats' };
    expect(metrics.value('ticres_grpc_server_handled_total', { ...holdSeats, grpc_code: 'OK' })).toBe(1);
    expect(metrics.value('ticres_grpc_server_handling_seconds_count', holdSeats)).toBe(1);
    expect(metrics.value('ticres_grpc_server_handling_seconds_bucket', { ...holdSeats, le: '+Inf' })).toBe(1);
    expect(metrics.value('ticres_grpc_server_handled_total', { grpc_service: BOOKING_RPC, grpc_method: 'GetBooking', grpc_code: 'NOT_FOUND' })).toBe(1);
  });

  it('payment counts the charge as succeeded', async () => {
    const metrics = await scrape('payment');
    expect(metrics.value('ticres_payments_total', { outcome: 'succeeded' })).toBe(1);
    expect(metrics.value('ticres_refunds_pending')).toBe(0);
  });

  it('the gateway times requests by route pattern and status, never by raw URL', async () => {
    // A path outside the API document: only the untyped client sends it.
    expect((await untypedApiClient(stack.baseUrl).get(`/api/v1/no-such-thing/${booking.id}`)).status).toBe(404);

    const metrics = await scrape('gateway');
    const requests = (labels: Record<string, string>) => metrics.value('ticres_http_request_duration_seconds_count', labels);
    expect(requests({ method: 'POST', route: '/api/v1/bookings', status_code: '201' })).toBe(1);
    expect(requests({ method: 'POST', route: '/api/v1/payments', status_code: '201' })).toBe(1);
    expect(requests({ method: 'GET', route: '/api/v1/bookings/:id', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(requests({ method: 'GET', route: '/api/v1/bookings/:id', status_code: '404' })).toBe(1);
    expect(requests({ route: 'unmatched', status_code: '404' })).toBe(1);
    const leaked = metrics.samples.filter((sample) => Object.values(sample.labels).some((value) => value.includes(booking.id)));
    expect(leaked).toEqual([]);
  });

  it('every service reports its event-loop lag; those with a database their pool; outboxes and queues their backlog', async () => {
    for (const service of SERVICES) {
      const metrics = await scrape(service);
      expect({ service, lag: metrics.value('ticres_nodejs_eventloop_lag_seconds', { service }) }).toEqual({ service, lag: expect.any(Number) });
      if (WITH_DATABASE.includes(service))
        expect({ service, max: metrics.value('ticres_db_pool_max_connections') }).toEqual({ service, max: expect.any(Number) });
    }
    for (const service of WITH_OUTBOX) {
      // Everything this purchase wrote has been published by now.
      const metrics = await eventuallyScraped(service, 'outbox drained', (m) => m.value('ticres_outbox_unpublished_messages') === 0);
      expect(metrics.value('ticres_outbox_oldest_unpublished_age_seconds')).toBe(0);
    }
    for (const service of CONSUMERS) {
      const metrics = await eventuallyScraped(service, 'queue depth', (m) => m.value('ticres_consumer_queue_messages') !== undefined);
      expect({ service, parked: metrics.value('ticres_consumer_parked_messages') }).toEqual({ service, parked: 0 });
    }
  });

  it('every metric the alert rules and the dashboard use is one a service exports', async () => {
    const exported = new Set(PROMETHEUS_OWN);
    for (const service of SERVICES) {
      for (const family of (await scrape(service)).families) {
        // A histogram's series are its family's name plus these suffixes.
        for (const suffix of ['', '_bucket', '_sum', '_count']) exported.add(`${family}${suffix}`);
      }
    }
    const unknown = [...alertExpressions(), ...dashboardExpressions()].flatMap((expression) =>
      metricNamesIn(expression)
        .filter((name) => !exported.has(name))
        .map((name) => `${expression.where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
