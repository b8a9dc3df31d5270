import { randomBytes } from 'node:crypto';
import type { AuthProto, PaymentProto, paymentV1 } from '@ticres/proto';
import {
  createBroker,
  createGrpcClient,
  createLogger,
  createPool,
  formatPublisherUsers,
  loadProto,
  startMetricsServer,
  withTransaction,
  type Broker,
  type EventEnvelope,
  type EventType,
  type GrpcClient,
  type Logger,
  type Pool,
} from '@ticres/shared';
import {
  asRole,
  createTestDatabase,
  deleteTestRedisKeys,
  deleteTestTopology,
  testAmqpUrl,
  testBrokerNames,
  testPublisherUsers,
  testRedisUrl,
  type TestDatabase,
} from '@ticres/shared/testing';
import { composePayment, type PaymentComponents, type PaymentSettings } from '../../src/compose';
import { loadPaymentConfig, type PaymentConfig } from '../../src/config';
import { startPaymentService, type RunningPaymentService } from '../../src/payment-service';
import { createSimulatedProvider } from '../../src/provider/simulated-provider';
import { startFakeBookingServer, type FakeBookingServer } from './fake-booking-server';
import { recording, type RecordingProvider } from './recording-provider';
import type { RunningAuthService } from '../../../auth/src/auth-service';
import { startAuthForTests } from '../../../auth/test/support/auth-for-other-services';

export const silentLogger: Logger = createLogger({ service: 'payment-test', level: 'silent' });

type User = 'alice' | 'bob' | 'boss';

export interface PaymentStack {
  client: GrpcClient<paymentV1.PaymentServiceClient>;
  booking: FakeBookingServer;
  provider: RecordingProvider;
  /** As the payment role, in the payment schema. */
  pool: Pool;
  tokens: Record<User, string>;
  ids: Record<User, string>;
  /** Payment's own service token, as it calls booking with. */
  serviceToken: string;
  /** This run's WRITE_LIMIT_KEY_PREFIX (the limit itself is out of the way unless `env` sets it). */
  writeLimitPrefix: string;
  /** The use cases over the same database and provider, for driving handlers directly. */
  components: PaymentComponents;
  /** URL of this run's database for the admin user (installs faults). */
  adminUrl: string;
  /** The service's `/metrics`, served as main.ts serves it. */
  metricsUrl: string;
  /**
   * The use cases as another replica would run them: their own pool on the same database and
   * provider, with `settings` in place of the service's (unchecked, e.g. a grace period of 0).
   */
  replica(settings?: Partial<PaymentSettings>): PaymentComponents;
  /** Publishes an envelope to this run's exchange, as another service's relay would. */
  publish(envelope: EventEnvelope): Promise<void>;
  /** Applies an envelope through payment's handler in one transaction, as the inbox consumer does. */
  deliver<Type extends EventType>(envelope: EventEnvelope<Type>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Real auth (tokens), a fake booking gRPC server, and the real payment service on a database,
 * exchange and queue of this test file's own; the provider is the simulated one, recorded.
 */
const PAYMENT_SECRET = 'payment-test-secret-0123';

export interface PaymentStackOptions {
  /** The admin URL of the server to create the run's database on (default: the test server). */
  databaseAdminUrl?: string;
}

export async function startPaymentStack(env: Record<string, string> = {}, options: PaymentStackOptions = {}): Promise<PaymentStack> {
  const names = testBrokerNames();
  const queue = `${names.queuePrefix}payment`;
  const writeLimitPrefix = `ticres:writes:test:${randomBytes(6).toString('hex')}`;
  const database: TestDatabase = await createTestDatabase('ticres_payment_test', options.databaseAdminUrl);
  const auth: RunningAuthService = await startAuthForTests(database.url, { payment: PAYMENT_SECRET });
  const authUrl = `127.0.0.1:${auth.port}`;
  const booking = await startFakeBookingServer({ authUrl, logger: silentLogger });
  // Long enough that two requests sent together both arrive while the first is at the provider,
  // even on a busy machine (the race tests need them to overlap).
  const provider = recording(createSimulatedProvider({ latencyMs: 100 }));
  const unusedBookings = {
    claim: () => Promise.reject(new Error('not used')),
    release: () => Promise.reject(new Error('not used')),
  };
  const config = loadPaymentConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GRPC_BIND: '127.0.0.1:0',
    DATABASE_URL: asRole(database.url, 'ticres_payment'),
    DATABASE_ADMIN_URL: database.url,
    MIGRATE_ON_START: 'true',
    DB_POOL_SIZE: '5',
    AUTH_GRPC_URL: authUrl,
    BOOKING_GRPC_URL: `127.0.0.1:${booking.port}`,
    PAYMENT_SERVICE_SECRET: PAYMENT_SECRET,
    AMQP_URL: testAmqpUrl(),
    AMQP_PUBLISHER_USERS: formatPublisherUsers(testPublisherUsers()),
    AMQP_EXCHANGE: names.exchange,
    AMQP_QUEUE: queue,
    OUTBOX_POLL_MS: '100',
    PROVIDER_TIMEOUT_MS: '300',
    REFUND_RETRY_MS: '100',
    REDIS_URL: testRedisUrl(),
    WRITE_LIMIT_KEY_PREFIX: writeLimitPrefix,
    // Tests pay and retry as one person many times a minute; write-limit.test sets a limit.
    WRITE_LIMIT_PER_USER: '1000000',
    ...env,
  });
  const service: RunningPaymentService = await startPaymentService(config, { logger: silentLogger, provider });
  const metricsServer = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: service.metrics, logger: silentLogger });
  const client = createGrpcClient(loadProto<PaymentProto>('payment').ticres.payment.v1.PaymentService, `127.0.0.1:${service.port}`, 5_000);
  const pool = createPool({ connectionString: config.DATABASE_URL, schema: 'payment', max: 5 });
  const components = composePayment(pool, config, { logger: silentLogger, provider, bookings: unusedBookings });
  const replicaPools: Pool[] = [];
  const replica = (settings: Partial<PaymentSettings> = {}) => {
    const replicaPool = createPool({ connectionString: config.DATABASE_URL, schema: 'payment', max: 5 });
    replicaPools.push(replicaPool);
    const replicaConfig: PaymentConfig = { ...config, ...settings };
    return composePayment(replicaPool, replicaConfig, { logger: silentLogger, provider, bookings: unusedBookings });
  };
  const broker: Broker = createBroker({ url: testAmqpUrl(), exchange: names.exchange, logger: silentLogger });
  await broker.ready();

  const authClient = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, authUrl, 5_000);
  const tokens: Record<User, string> = { alice: '', bob: '', boss: '' };
  const ids: Record<User, string> = { alice: '', bob: '', boss: '' };
  for (const name of ['alice', 'bob', 'boss'] as const) {
    ids[name] = (await authClient.call.Register({ name, email: `${name}@example.com`, password: `${name}-password` })).id;
  }
  const authAdmin = createPool({ connectionString: database.url, schema: 'auth', max: 1 });
  await authAdmin.query(/* sql */ `UPDATE users SET role = 'admin' WHERE email = 'boss@example.com'`);
  await authAdmin.end();
  for (const name of ['alice', 'bob', 'boss'] as const) {
    tokens[name] = (await authClient.call.Login({ email: `${name}@example.com`, password: `${name}-password` })).access_token;
  }
  const { access_token: serviceToken } = await authClient.call.IssueServiceToken({ service: 'payment', secret: PAYMENT_SECRET });
  authClient.close();

  return {
    client,
    booking,
    provider,
    pool,
    tokens,
    ids,
    serviceToken,
    writeLimitPrefix,
    components,
    adminUrl: database.url,
    metricsUrl: `http://127.0.0.1:${metricsServer.port}/metrics`,
    replica,
    async publish(envelope) {
      await broker.publish([
        { routingKey: envelope.type, body: Buffer.from(JSON.stringify(envelope)), options: { persistent: true, messageId: envelope.id } },
      ]);
    },
    async deliver<Type extends EventType>(envelope: EventEnvelope<Type>) {
      const handler = components.eventHandlers[envelope.type];
      if (!handler) throw new Error(`no handler for ${envelope.type}`);
      await withTransaction(pool, (tx) => handler(envelope, tx));
    },
    async stop() {
      client.close();
      await broker.close();
      await service.stop();
      await metricsServer.close();
      await pool.end();
      await Promise.all(replicaPools.map((replicaPool) => replicaPool.end()));
      await booking.stop();
      await auth.stop();
      await deleteTestTopology(testAmqpUrl(), { exchange: names.exchange, queues: [queue] });
      await database.drop();
      await deleteTestRedisKeys([writeLimitPrefix]);
    },
  };
}

export { failure } from '@ticres/shared/testing';

/** The error code a settled call failed with, or 'OK'. */
export function outcomeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'OK';
  const code = (result.reason as { code?: unknown }).code;
  return typeof code === 'string' ? code : `THROWN: ${String(result.reason)}`;
}

/** Resolves with `read()`'s value once `done` holds for it; the service works in the background. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface StoredTransaction {
  id: string;
  status: string;
  failure_reason: string | null;
  external_id: string;
  amount_cents: string | null;
}

export async function transactionsOf(pool: Pool, bookingId: string): Promise<StoredTransaction[]> {
  const { rows } = await pool.query<StoredTransaction>(
    /* sql */ `SELECT id, status, failure_reason, external_id, amount_cents FROM transactions WHERE booking_id = $1 ORDER BY created_at, id`,
    [bookingId],
  );
  return rows;
}

/** Outbox rows of one type about one booking: their payloads. */
export async function outboxOf(pool: Pool, type: string, bookingId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<{ payload: Record<string, unknown> }>(
    /* sql */ `SELECT payload FROM outbox WHERE type = $1 AND aggregate_id = $2 ORDER BY created_at, id`,
    [type, bookingId],
  );
  return rows.map((row) => row.payload);
}

/** How many charges the provider was asked for a booking's transactions. */
export async function chargesFor(stack: PaymentStack, bookingId: string): Promise<number> {
  const externalIds = new Set((await transactionsOf(stack.pool, bookingId)).map((t) => t.external_id));
  return stack.provider.charges.filter((charge) => externalIds.has(charge.externalId)).length;
}
