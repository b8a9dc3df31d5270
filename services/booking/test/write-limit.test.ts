import type { AuthProto, authV1, BookingProto, bookingV1 } from '@ticres/proto';
import { createGrpcClient, loadProto, newId, type GrpcClient } from '@ticres/shared';
import {
  countedWrites,
  createTestDatabase,
  deleteTestRedisKeys,
  deleteTestTopology,
  outcomeOf,
  testAmqpUrl,
  testBrokerNames,
  type TestDatabase,
} from '@ticres/shared/testing';
import { startBookingService, type RunningBookingService } from '../src/booking-service';
import { silentLogger } from './support/booking-database';
import { bookingOverGrpcConfig, testWriteLimitPrefix } from './support/booking-over-grpc';
import type { RunningAuthService } from '../../auth/src/auth-service';
import { startAuthForTests } from '../../auth/test/support/auth-for-other-services';

const PAYMENT_SECRET = 'payment-test-secret-0123';
const WRITE_LIMIT_PER_USER = 3;

/**
 * Booking's own write limit, over real gRPC and real Redis: what a person calling booking's port
 * directly meets, without the gateway. A day's window (it starts at 00:00 UTC), so only a run
 * that crosses midnight UTC can see its counts start again.
 */
describe('BookingService write limit (WRITE_LIMIT_PER_USER)', () => {
  const names = testBrokerNames();
  const queue = `${names.queuePrefix}booking`;
  const prefix = testWriteLimitPrefix();
  let database: TestDatabase;
  let auth: RunningAuthService;
  let service: RunningBookingService;
  let client: GrpcClient<bookingV1.BookingServiceClient>;
  let authClient: GrpcClient<authV1.AuthServiceClient>;
  let personOf: (name: string) => Promise<{ id: string; token: string }>;
  let paymentToken: string;

  beforeAll(async () => {
    database = await createTestDatabase('ticres_booking_write_limit');
    auth = await startAuthForTests(database.url, { payment: PAYMENT_SECRET });
    const setting = { databaseUrl: database.url, authPort: auth.port, exchange: names.exchange, queue };
    const config = bookingOverGrpcConfig(setting, {
      WRITE_LIMIT_PER_USER: String(WRITE_LIMIT_PER_USER),
      WRITE_LIMIT_WINDOW_SECONDS: '86400',
      WRITE_LIMIT_KEY_PREFIX: prefix,
    });
    service = await startBookingService(config, { logger: silentLogger });
    client = createGrpcClient(loadProto<BookingProto>('booking').ticres.booking.v1.BookingService, `127.0.0.1:${service.port}`, 5_000);
    authClient = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, `127.0.0.1:${auth.port}`, 5_000);
    personOf = async (name) => {
      const user = await authClient.call.Register({ name, email: `${name}@example.com`, password: `${name}-password` });
      const { access_token: token } = await authClient.call.Login({ email: `${name}@example.com`, password: `${name}-password` });
      return { id: user.id, token };
    };
    paymentToken = (await authClient.call.IssueServiceToken({ service: 'payment', secret: PAYMENT_SECRET })).access_token;
  });

  afterAll(async () => {
    client?.close();
    authClient?.close();
    await service?.stop();
    await auth?.stop();
    await deleteTestTopology(testAmqpUrl(), { exchange: names.exchange, queues: [queue] });
    await database?.drop();
    await deleteTestRedisKeys([prefix]);
  });

  const cancel = (token: string) => outcomeOf(client.call.CancelBooking({ id: newId() }, { token }));
  const hold = (token: string) => outcomeOf(client.call.HoldSeats({ event_id: newId(), seat_ids: [newId()] }, { token }));

  it('refuses a person past the limit with RATE_LIMITED and a wait, whichever write they make; another person is not held back', async () => {
    const ann = await personOf('ann');
    const answers = [await cancel(ann.token), await hold(ann.token), await cancel(ann.token), await hold(ann.token), await cancel(ann.token)];
    expect(answers.slice(WRITE_LIMIT_PER_USER)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(answers.slice(0, WRITE_LIMIT_PER_USER)).not.toContain('RATE_LIMITED');
    // Counted in Redis, where every replica (and every service sharing the prefix) reads the same count.
    expect(await countedWrites(prefix, ann.id)).toBe(answers.length);

    const bob = await personOf('bob');
    expect(await cancel(bob.token)).toBe('NOT_FOUND');
  });

  it("never counts payment's claims made with its service token", async () => {
    const claim = { booking_id: newId(), payment_id: newId(), user_id: newId() };
    const answers = [];
    for (let call = 0; call < WRITE_LIMIT_PER_USER + 2; call += 1)
      answers.push(await outcomeOf(client.call.ReleasePaymentClaim(claim, { token: paymentToken })));
    expect(answers).not.toContain('RATE_LIMITED');
    expect(await countedWrites(prefix, 'service:payment')).toBe(0);
  });

  it('refuses a person calling the claim RPCs directly with FORBIDDEN, and does not count it as their write', async () => {
    const cy = await personOf('cy');
    const claim = { booking_id: newId(), payment_id: newId(), user_id: cy.id };
    expect(await outcomeOf(client.call.ClaimForPayment(claim, { token: cy.token }))).toBe('FORBIDDEN');
    expect(await outcomeOf(client.call.ReleasePaymentClaim(claim, { token: cy.token }))).toBe('FORBIDDEN');
    expect(await countedWrites(prefix, cy.id)).toBe(0);
  });
});
