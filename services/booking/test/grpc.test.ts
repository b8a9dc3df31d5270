import type { AuthProto, authV1, BookingProto, bookingV1 } from '@ticres/proto';
import {
  createBroker,
  createGrpcClient,
  createGrpcHealthClient,
  createPool,
  GATEWAY_TOKEN_METADATA,
  loadProto,
  newId,
  type Broker,
  type EventEnvelope,
  type GrpcClient,
  type Pool,
} from '@ticres/shared';
import {
  createTestDatabase,
  deleteTestRedisKeys,
  deleteTestTopology,
  failure,
  testAmqpUrl,
  testBrokerNames,
  type TestDatabase,
} from '@ticres/shared/testing';
import { BOOKING_SERVICE_NAME, startBookingService, type RunningBookingService } from '../src/booking-service';
import { envelopeOf, eventSnapshot, generalAdmission, seated, silentLogger } from './support/booking-database';
import { bookingOverGrpcConfig, testWriteLimitPrefix } from './support/booking-over-grpc';
import type { RunningAuthService } from '../../auth/src/auth-service';
import { startAuthForTests } from '../../auth/test/support/auth-for-other-services';

type BookingClient = bookingV1.BookingServiceClient;
type AuthClient = GrpcClient<authV1.AuthServiceClient>;

/** Resolves with `read()`'s value once `done` holds for it; the service works in the background. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const PAYMENT_SECRET = 'payment-test-secret-0123';
const GATEWAY_SECRET = 'gateway-test-secret-0123';

describe('BookingService over gRPC', () => {
  const names = testBrokerNames();
  const queue = `${names.queuePrefix}booking`;
  const writeLimitPrefix = testWriteLimitPrefix();
  let database: TestDatabase;
  let auth: RunningAuthService;
  let service: RunningBookingService;
  let authClient: AuthClient;
  let client: GrpcClient<BookingClient>;
  let broker: Broker;
  let bookingPool: Pool;
  let address: string;
  const tokens: Record<'alice' | 'bob' | 'boss', string> = { alice: '', bob: '', boss: '' };
  const ids: Record<'alice' | 'bob' | 'boss', string> = { alice: '', bob: '', boss: '' };
  let paymentToken = '';
  let gatewayToken = '';

  const publish = async (envelope: EventEnvelope) =>
    broker.publish([{ routingKey: envelope.type, body: Buffer.from(JSON.stringify(envelope)), options: { persistent: true, messageId: envelope.id } }]);

  /** Publishes event.created to the exchange and waits for the service to have its seats. */
  async function publishEvent(sections: Parameters<typeof eventSnapshot>[0]) {
    const snapshot = eventSnapshot(sections);
    await publish(envelopeOf('event.created', snapshot));
    const { seats } = await eventually(
      () => client.call.GetEventSeats({ event_id: snapshot.event_id }).catch(() => ({ seats: [], seat_count: 0 })),
      (list) => list.seat_count > 0,
    );
    return { eventId: snapshot.event_id, seats };
  }

  beforeAll(async () => {
    database = await createTestDatabase('ticres_booking_grpc');
    auth = await startAuthForTests(database.url, { payment: PAYMENT_SECRET, gateway: GATEWAY_SECRET });
    const setting = { databaseUrl: database.url, authPort: auth.port, exchange: names.exchange, queue };
    const config = bookingOverGrpcConfig(setting, {
      WRITE_LIMIT_KEY_PREFIX: writeLimitPrefix,
      SWEEP_INTERVAL_MS: '100',
      OUTBOX_POLL_MS: '100',
      // The largest event of these tests has 10 seats.
      EVENT_DETAIL_MAX_SEATS: '10',
    });
    service = await startBookingService(config, { logger: silentLogger });
    address = `127.0.0.1:${service.port}`;
    client = createGrpcClient(loadProto<BookingProto>('booking').ticres.booking.v1.BookingService, address, 5_000);
    authClient = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, `127.0.0.1:${auth.port}`, 5_000);
    broker = createBroker({ url: testAmqpUrl(), exchange: names.exchange, logger: silentLogger });
    await broker.ready();
    bookingPool = createPool({ connectionString: config.DATABASE_URL, schema: 'booking', max: 2 });

    for (const name of ['alice', 'bob', 'boss'] as const) {
      const user = await authClient.call.Register({ name, email: `${name}@example.com`, password: `${name}-password` });
      ids[name] = user.id;
    }
    const authAdmin = createPool({ connectionString: database.url, schema: 'auth', max: 1 });
    await authAdmin.query(/* sql */ `UPDATE users SET role = 'admin' WHERE email = 'boss@example.com'`);
    await authAdmin.end();
    for (const name of ['alice', 'bob', 'boss'] as const) {
      tokens[name] = (await authClient.call.Login({ email: `${name}@example.com`, password: `${name}-password` })).access_token;
    }
    paymentToken = (await authClient.call.IssueServiceToken({ service: 'payment', secret: PAYMENT_SECRET })).access_token;
    gatewayToken = (await authClient.call.IssueServiceToken({ service: 'gateway', secret: GATEWAY_SECRET })).access_token;
  });

  afterAll(async () => {
    client?.close();
    authClient?.close();
    await bookingPool?.end();
    await broker?.close();
    await service?.stop();
    await auth?.stop();
    await deleteTestTopology(testAmqpUrl(), { exchange: names.exchange, queues: [queue] });
    await database?.drop();
    await deleteTestRedisKeys([writeLimitPrefix]);
  });

  it('reports SERVING on grpc.health.v1', async () => {
    const health = createGrpcHealthClient(address, 1_000);
    try {
      await expect(health.check(BOOKING_SERVICE_NAME)).resolves.toBe('SERVING');
    } finally {
      health.close();
    }
  });

  it('lists an event’s seats to anyone, in layout order, once event.created has come through RabbitMQ', async () => {
    const { seats } = await publishEvent([seated('VIP', 1, 2, 75_000), generalAdmission('FLOOR', 2)]);
    expect(seats).toEqual([
      { id: expect.any(String), label: 'VIP-A-1', section: 'VIP', row: 'A', number: 1, price_cents: 75_000, status: 'available' },
      { id: expect.any(String), label: 'VIP-A-2', section: 'VIP', row: 'A', number: 2, price_cents: 75_000, status: 'available' },
      { id: expect.any(String), label: 'FLOOR-1', section: 'FLOOR', row: '', number: 1, price_cents: 5_000, status: 'available' },
      { id: expect.any(String), label: 'FLOOR-2', section: 'FLOOR', row: '', number: 2, price_cents: 5_000, status: 'available' },
    ]);
    expect((await failure(client.call.GetEventSeats({ event_id: newId() }))).code).toBe('NOT_FOUND');
    expect((await failure(client.call.GetEventSeats({ event_id: 'x' }))).code).toBe('VALIDATION_FAILED');
  });

  it('lists the seats of an event of EVENT_DETAIL_MAX_SEATS (10) seats, and only counts those of a larger one', async () => {
    const atTheBound = await publishEvent([seated('HALL', 2, 5)]);
    expect(await client.call.GetEventSeats({ event_id: atTheBound.eventId })).toMatchObject({ seat_count: 10, seats_omitted: false });
    expect(atTheBound.seats).toHaveLength(10);

    const larger = await publishEvent([seated('HALL', 2, 5), generalAdmission('FLOOR', 1)]);
    expect(await client.call.GetEventSeats({ event_id: larger.eventId })).toEqual({ seats: [], seat_count: 11, seats_omitted: true });
  });

  it('holds, shows, hides from others, cancels and lists bookings', async () => {
    const { eventId, seats } = await publishEvent([seated('VIP', 2, 4, 100_000)]);

    expect((await failure(client.call.HoldSeats({ event_id: eventId, quantity: 2 }))).code).toBe('UNAUTHENTICATED');
    const held = await client.call.HoldSeats({ event_id: eventId, quantity: 2, section: 'VIP' }, { token: tokens.alice });
    expect(held).toEqual({
      id: expect.any(String),
      user_id: ids.alice,
      event_id: eventId,
      status: 'PENDING',
      seats: [
        { id: seats[0]!.id, label: 'VIP-A-1', price_cents: 100_000 },
        { id: seats[1]!.id, label: 'VIP-A-2', price_cents: 100_000 },
      ],
      total_cents: 200_000,
      currency: 'IDR',
      expires_at: expect.any(String),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(Date.parse(held.expires_at) - Date.parse(held.created_at)).toBe(900_000);

    await expect(client.call.GetBooking({ id: held.id }, { token: tokens.alice })).resolves.toEqual(held);
    await expect(client.call.GetBooking({ id: held.id }, { token: tokens.boss })).resolves.toEqual(held);
    expect((await failure(client.call.GetBooking({ id: held.id }, { token: tokens.bob }))).code).toBe('NOT_FOUND');
    expect((await failure(client.call.CancelBooking({ id: held.id }, { token: tokens.bob }))).code).toBe('NOT_FOUND');

    const bobs = await client.call.HoldSeats({ event_id: eventId, seat_ids: [seats[7]!.id] }, { token: tokens.bob });
    expect(bobs.seats.map((s) => s.label)).toEqual(['VIP-B-4']);
    const taken = await failure(client.call.HoldSeats({ event_id: eventId, seat_ids: [seats[0]!.id] }, { token: tokens.boss }));
    expect(taken.code).toBe('SEAT_UNAVAILABLE');

    const cancelled = await client.call.CancelBooking({ id: held.id }, { token: tokens.alice });
    expect(cancelled).toMatchObject({ id: held.id, status: 'CANCELLED' });
    expect((await failure(client.call.CancelBooking({ id: held.id }, { token: tokens.alice }))).code).toBe('CONFLICT');
    const after = await client.call.GetEventSeats({ event_id: eventId });
    expect(after.seats.filter((s) => s.status !== 'available').map((s) => s.label)).toEqual(['VIP-B-4']);

    // Re-holding on the event right after releasing seats there waits out HOLD_COOLDOWN_SECONDS (60).
    const tooSoon = await failure(client.call.HoldSeats({ event_id: eventId, quantity: 1 }, { token: tokens.alice }));
    expect(tooSoon).toMatchObject({ code: 'HOLD_COOLDOWN', retryAfterSeconds: 60 });
    await bookingPool.query(/* sql */ `UPDATE bookings SET updated_at = now() - interval '61 seconds' WHERE id = $1`, [held.id]);
    const again = await client.call.HoldSeats({ event_id: eventId, quantity: 1 }, { token: tokens.alice });
    const mine = await client.call.ListMyBookings({ page: 1, limit: 10 }, { token: tokens.alice });
    expect(mine).toMatchObject({ total: 2, page: 1, limit: 10 });
    expect(mine.bookings.map((b) => [b.id, b.status])).toEqual([
      [again.id, 'PENDING'],
      [held.id, 'CANCELLED'],
    ]);
    const secondPage = await client.call.ListMyBookings({ page: 2, limit: 1 }, { token: tokens.alice });
    expect(secondPage).toMatchObject({ total: 2, page: 2, limit: 1, bookings: [{ id: held.id }] });
    await expect(client.call.ListMyBookings({}, { token: tokens.bob })).resolves.toMatchObject({ total: 1, page: 1, limit: 20 });
  });

  it('counts a hold under the client address it names only when the gateway vouches for it', async () => {
    const { eventId } = await publishEvent([seated('HALL', 1, 10)]);
    const holdFrom = async (who: 'alice' | 'bob' | 'boss', vouching?: string) => {
      const metadata: Record<string, string> = vouching === undefined ? {} : { [GATEWAY_TOKEN_METADATA]: vouching };
      const held = await client.call.HoldSeats({ event_id: eventId, quantity: 1, client_address: '198.51.100.7' }, { token: tokens[who], metadata });
      const { rows } = await bookingPool.query<{ client_address: string }>(`SELECT client_address FROM bookings WHERE id = $1`, [held.id]);
      return rows[0]!.client_address;
    };

    // The gateway's own token beside the person's: the address it names counts.
    await expect(holdFrom('alice', gatewayToken)).resolves.toBe('198.51.100.7');
    // No vouching, or another service's token: the caller's own address counts, whatever it claims.
    await expect(holdFrom('bob')).resolves.toBe('127.0.0.1');
    await expect(holdFrom('boss', paymentToken)).resolves.toBe('127.0.0.1');
  });

  it('lets only an admin list every booking, with filters, sort and pages', async () => {
    const { eventId } = await publishEvent([seated('A', 1, 10, 1_000)]);
    const small = await client.call.HoldSeats({ event_id: eventId, quantity: 1 }, { token: tokens.alice });
    const large = await client.call.HoldSeats({ event_id: eventId, quantity: 3 }, { token: tokens.bob });
    const middle = await client.call.HoldSeats({ event_id: eventId, quantity: 2 }, { token: tokens.boss });
    await client.call.CancelBooking({ id: middle.id }, { token: tokens.boss });

    expect((await failure(client.call.ListBookings({}, { token: tokens.alice }))).code).toBe('FORBIDDEN');

    const byTotal = await client.call.ListBookings({ event_id: eventId, sort: '-total_cents' }, { token: tokens.boss });
    expect(byTotal.bookings.map((b) => b.id)).toEqual([large.id, middle.id, small.id]);
    expect(byTotal.total).toBe(3);
    const pending = await client.call.ListBookings({ event_id: eventId, status: 'PENDING', sort: 'total_cents' }, { token: tokens.boss });
    expect(pending.bookings.map((b) => b.id)).toEqual([small.id, large.id]);
    const oldestFirst = await client.call.ListBookings({ event_id: eventId, sort: 'created_at', page: 2, limit: 2 }, { token: tokens.boss });
    expect(oldestFirst).toMatchObject({ total: 3, page: 2, limit: 2, bookings: [{ id: middle.id }] });
    const newestFirst = await client.call.ListBookings({ event_id: eventId }, { token: tokens.boss });
    expect(newestFirst.bookings.map((b) => b.id)).toEqual([middle.id, large.id, small.id]);
  });

  it('answers VALIDATION_FAILED for bad input, naming the fields', async () => {
    const eventId = newId();
    const both = await failure(client.call.HoldSeats({ event_id: eventId, seat_ids: [newId()], quantity: 1 }, { token: tokens.alice }));
    expect(both).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(both.fields.map((f) => f.field)).toEqual(['seat_ids', 'quantity']);
    const eleven = await failure(client.call.HoldSeats({ event_id: 'nope', quantity: 11 }, { token: tokens.alice }));
    expect(eleven.fields.map((f) => f.field)).toEqual(['event_id', 'quantity']);
    expect((await failure(client.call.GetBooking({ id: '42' }, { token: tokens.alice }))).fields).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    expect((await failure(client.call.CancelBooking({ id: '' }, { token: tokens.alice }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(client.call.ListMyBookings({ limit: 101 }, { token: tokens.alice }))).fields.map((f) => f.field)).toEqual(['limit']);
    const list = await failure(client.call.ListBookings({ status: 'LOST', sort: 'price', event_id: 'x' }, { token: tokens.boss }));
    expect(list.fields.map((f) => f.field)).toEqual(['status', 'event_id', 'sort']);
  });

  it('expires an overdue hold on its own sweeper and refuses to cancel it', async () => {
    const { eventId } = await publishEvent([generalAdmission('FLOOR', 2)]);
    const hold = await client.call.HoldSeats({ event_id: eventId, quantity: 2 }, { token: tokens.bob });
    await bookingPool.query(/* sql */ `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`, [hold.id]);

    await eventually(
      () => client.call.GetBooking({ id: hold.id }, { token: tokens.bob }),
      (booking) => booking.status === 'EXPIRED',
    );
    expect((await failure(client.call.CancelBooking({ id: hold.id }, { token: tokens.bob }))).code).toBe('BOOKING_EXPIRED');
    const { seats } = await client.call.GetEventSeats({ event_id: eventId });
    expect(seats.map((s) => s.status)).toEqual(['available', 'available']);
  });

  it('cancels pending bookings when event.cancelled comes through RabbitMQ', async () => {
    const { eventId } = await publishEvent([seated('HALL', 1, 4)]);
    const hold = await client.call.HoldSeats({ event_id: eventId, quantity: 2 }, { token: tokens.alice });

    await publish(envelopeOf('event.cancelled', { event_id: eventId, reason: 'storm', cancelled_at: new Date().toISOString() }));

    await eventually(
      () => client.call.GetBooking({ id: hold.id }, { token: tokens.alice }),
      (booking) => booking.status === 'CANCELLED',
    );
    const { seats } = await client.call.GetEventSeats({ event_id: eventId });
    expect(seats.map((s) => s.status)).toEqual(['void', 'void', 'void', 'void']);
    expect((await failure(client.call.HoldSeats({ event_id: eventId, quantity: 1 }, { token: tokens.bob }))).code).toBe('EVENT_NOT_AVAILABLE');
  });

  it('claims and releases a booking for a payment with the paying user’s token, and confirms it on booking.paid', async () => {
    const { eventId } = await publishEvent([seated('PAY', 1, 4)]);
    const hold = await client.call.HoldSeats({ event_id: eventId, quantity: 2 }, { token: tokens.alice });
    const [first, second] = [newId(), newId()];

    // Payment calls as itself, naming the paying user; a person calling directly, the owner included, is refused.
    const claimOf = (paymentId: string, userId = ids.alice) => ({ booking_id: hold.id, payment_id: paymentId, user_id: userId });
    const asPayment = { token: paymentToken };
    expect((await failure(client.call.ClaimForPayment(claimOf(first)))).code).toBe('UNAUTHENTICATED');
    expect((await failure(client.call.ClaimForPayment(claimOf(first), { token: tokens.alice }))).code).toBe('FORBIDDEN');
    expect((await failure(client.call.ReleasePaymentClaim(claimOf(first), { token: tokens.alice }))).code).toBe('FORBIDDEN');
    expect((await failure(client.call.ClaimForPayment(claimOf(first, ids.bob), asPayment))).code).toBe('NOT_FOUND');
    const invalid = await failure(client.call.ClaimForPayment({ ...claimOf(first), booking_id: 'x' }, asPayment));
    expect(invalid.fields).toEqual([{ field: 'booking_id', message: 'must be a UUID' }]);

    await expect(client.call.ClaimForPayment(claimOf(first), asPayment)).resolves.toEqual(
      expect.objectContaining({ id: hold.id, status: 'PENDING', seats: hold.seats }),
    );
    expect((await failure(client.call.ClaimForPayment(claimOf(second), asPayment))).code).toBe('CONFLICT');
    expect((await failure(client.call.ReleasePaymentClaim(claimOf(first, ids.bob), asPayment))).code).toBe('NOT_FOUND');
    await expect(client.call.ReleasePaymentClaim(claimOf(first), asPayment)).resolves.toMatchObject({
      id: hold.id,
      status: 'PENDING',
    });
    await client.call.ClaimForPayment(claimOf(second), asPayment);

    const transactionId = newId();
    await publish({
      id: newId(),
      type: 'booking.paid',
      version: 1,
      occurred_at: new Date().toISOString(),
      aggregate_id: hold.id,
      data: {
        booking_id: hold.id,
        user_id: ids.alice,
        event_id: eventId,
        transaction_id: transactionId,
        amount_cents: hold.total_cents,
        currency: hold.currency,
        payment_method: 'credit_card',
      },
    });
    await eventually(
      () => client.call.GetBooking({ id: hold.id }, { token: tokens.alice }),
      (booking) => booking.status === 'PAID',
    );
    const { seats } = await client.call.GetEventSeats({ event_id: eventId });
    expect(seats.map((s) => s.status)).toEqual(['sold', 'sold', 'available', 'available']);
    expect((await failure(client.call.ClaimForPayment(claimOf(newId()), asPayment))).code).toBe('ALREADY_PAID');
    const confirmed = await bookingPool.query(
      /* sql */ `SELECT payload->>'transaction_id' AS transaction_id FROM outbox WHERE type = 'booking.confirmed' AND aggregate_id = $1`,
      [hold.id],
    );
    expect(confirmed.rows).toEqual([{ transaction_id: transactionId }]);
  });

  it('turns NOT_SERVING as the first shutdown step', async () => {
    await service.shutdownSteps[0]!.run();
    const health = createGrpcHealthClient(address, 1_000);
    try {
      await expect(health.check(BOOKING_SERVICE_NAME)).resolves.toBe('NOT_SERVING');
    } finally {
      health.close();
    }
  });
});
