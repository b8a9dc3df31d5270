import { randomBytes } from 'node:crypto';
import { createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import { kindOf } from '../support/mail-kinds';
import { linesOf } from '../support/processes';
import { apiClient, dataOf, type ApiClient, type Booking, type Event, type EventDetail } from '../support/http';
import { SPAN_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { startStack, type Stack } from '../support/stack';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Every service exports its spans to an OTLP receiver in this process. One purchase, sent with a
 * W3C traceparent as a browser or a proxy would, must come back as one trace: the gateway, payment
 * and booking over gRPC, then payment's outbox row published to RabbitMQ and consumed by booking,
 * whose own event reaches the notifier, each hop a producer span and its consumer's child.
 */
describe('e2e: one purchase is one trace', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let api: ApiClient;
  let organizer: Account;
  let alice: Account;
  let booking: Booking;
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      notifier: true,
      // Batches leave every 100 ms instead of 5 s; debug, so each gRPC call's line shows.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'debug' },
    });
    api = apiClient(stack.baseUrl);
    [organizer, alice] = await Promise.all([createWithRole(api, stack.sql, 'organizer'), registerAndLogin(api, 'alice')]);
    const body = {
      name: `Traced ${randomBytes(4).toString('hex')}`,
      location: 'Jakarta',
      starts_at: inDays(30),
      sections: [{ name: 'GA', price_cents: 10_000, capacity: 5 }],
    };
    const event = dataOf<Event>(await api.post('/api/v1/events', body, { token: organizer.tokens.access_token }));
    await eventually(
      'seats',
      async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`)),
      (d) => d.seats.length > 0,
    );
    booking = dataOf<Booking>(await api.post('/api/v1/bookings', { event_id: event.id, quantity: 1 }, { token: alice.tokens.access_token }));
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  }, 60_000);

  const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
  const find = (service: string, kind: number, name: string) => inTrace().find((s) => s.service === service && s.kind === kind && s.name === name);
  const parentOf = (span: ReceivedSpan) => inTrace().find((s) => s.spanId === span.parentSpanId);

  it('spans gateway, payment, booking and notifier, through the outbox and RabbitMQ, in the trace the request came with', async () => {
    const paid = await api.post(
      '/api/v1/payments',
      { booking_id: booking.id, payment_method: 'credit_card' },
      { token: alice.tokens.access_token, headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } },
    );
    expect(paid.status).toBe(201);
    // Without an X-Request-Id of its own, the request is known by its trace id.
    expect(paid.headers.get('x-request-id')).toBe(traceId);

    await eventually(
      'the notifier’s consumer span in the trace',
      () => inTrace().map((s) => `${s.service} ${s.name}`),
      () => find('notifier', SPAN_KIND.CONSUMER, 'process booking.confirmed') !== undefined,
      30_000,
    );
    expect(new Set(inTrace().map((s) => s.service))).toEqual(expect.objectContaining(new Set(['gateway', 'payment', 'booking', 'notifier'])));
    for (const service of ['gateway', 'payment', 'booking', 'notifier']) expect(inTrace().some((s) => s.service === service)).toBe(true);

    // The gateway's server span continues the caller's span.
    const entry = inTrace().find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.SERVER);
    expect(entry?.parentSpanId).toBe(clientSpanId);
    // gRPC into payment, and its queries.
    expect(inTrace().some((s) => s.service === 'payment' && s.kind === SPAN_KIND.SERVER)).toBe(true);
    expect(inTrace().some((s) => s.service === 'payment' && s.attributes['db.system.name'] === 'postgresql')).toBe(true);

    // payment's outbox row -> its relay's publish -> booking's consumer.
    const paidPublished = find('payment', SPAN_KIND.PRODUCER, 'publish booking.paid');
    const paidConsumed = find('booking', SPAN_KIND.CONSUMER, 'process booking.paid');
    expect(paidPublished?.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'send' });
    expect(paidConsumed?.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'process' });
    expect(paidConsumed?.parentSpanId).toBe(paidPublished?.spanId);
    // booking's own event -> its relay's publish -> the notifier's consumer.
    const confirmedConsumed = find('notifier', SPAN_KIND.CONSUMER, 'process booking.confirmed')!;
    expect(parentOf(confirmedConsumed)).toMatchObject({ service: 'booking', kind: SPAN_KIND.PRODUCER, name: 'publish booking.confirmed' });

    // Traces only: nothing was sent to the metrics or logs endpoints.
    expect(receiver.paths.length).toBeGreaterThan(0);
    expect(receiver.paths.filter((path) => path !== '/v1/traces')).toEqual([]);
  }, 60_000);

  it('carries the request id onward, and every service logs it for the work it does for the request', async () => {
    const { rows } = await stack.sql.query<{ headers: Record<string, string> }>(
      /* sql */ `SELECT headers FROM payment.outbox WHERE type = 'booking.paid' AND aggregate_id = $1`,
      [booking.id],
    );
    expect(rows[0]?.headers['x-request-id']).toBe(traceId);
    // A purchase does not reach auth or catalog: two reads under the same id do.
    const sameId = { 'x-request-id': traceId };
    expect((await api.get(`/api/v1/events/${booking.event_id}`, { headers: sameId })).status).toBe(200);
    expect((await api.get('/api/v1/me', { token: alice.tokens.access_token, headers: sameId })).status).toBe(200);
    await stack.mailbox.waitForMail((mail) => mail.envelopeTo.includes(alice.email.toLowerCase()) && kindOf(mail) === 'tickets', 30_000);

    // Every process buffers its log lines and writes them out on shutdown.
    for (const name of ['gateway', 'notifier', 'payment', 'booking', 'catalog', 'auth'] as const) await stack.stopProcess(name);
    const logged = (name: string, msg: string) => linesOf(stack.logs(), name).some((line) => line.msg === msg && line.request_id === traceId);
    expect({
      gateway: logged('gateway', 'request'),
      'auth (gRPC)': logged('auth', 'gRPC call answered'),
      'catalog (gRPC)': logged('catalog', 'gRPC call answered'),
      'booking (gRPC)': logged('booking', 'gRPC call answered'),
      'payment (gRPC)': logged('payment', 'gRPC call answered'),
      'booking (booking.paid)': logged('booking', 'payment applied'),
      'notifier (booking.confirmed)': logged('notifier', 'mail sent'),
    }).toEqual({
      gateway: true,
      'auth (gRPC)': true,
      'catalog (gRPC)': true,
      'booking (gRPC)': true,
      'payment (gRPC)': true,
      'booking (booking.paid)': true,
      'notifier (booking.confirmed)': true,
    });
  }, 60_000);
});
