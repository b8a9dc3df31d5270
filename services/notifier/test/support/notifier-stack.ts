import { Writable } from 'node:stream';
import type { AuthProto } from '@ticres/proto';
import {
  createBroker,
  createGrpcClient,
  createLogger,
  createPool,
  formatPublisherUsers,
  loadProto,
  newId,
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
  deleteTestTopology,
  testAmqpUrl,
  testBrokerNames,
  testPublisherUsers,
  type TestDatabase,
} from '@ticres/shared/testing';
import { loadNotifierConfig } from '../../src/config';
import { NOTIFIER_SCHEMA } from '../../src/db/migrations';
import { startNotifierService, type RunningNotifierService } from '../../src/notifier-service';
import { startSmtpRecorder, type SmtpRecorder } from './smtp-recorder';
import type { RunningAuthService } from '../../../auth/src/auth-service';
import { startAuthForTests } from '../../../auth/test/support/auth-for-other-services';

export const NOTIFIER_SECRET = 'notifier-test-secret-0123';

type AuthClient = InstanceType<AuthProto['ticres']['auth']['v1']['AuthService']>;

/** A pino logger whose JSON lines the test can read and wait for. */
export function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const watchers = new Set<() => void>();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const watcher of [...watchers]) watcher();
      done();
    },
  });
  const logger = createLogger({ service: 'notifier-test', level: 'debug', destination });
  const find = (match: (line: Record<string, unknown>) => boolean) => lines.filter(match);
  const waitFor = (match: (line: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const hit = lines.find(match);
        if (!hit) return false;
        clearTimeout(timer);
        watchers.delete(check);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error('log line not written in time'));
      }, timeoutMs);
      if (!check()) watchers.add(check);
    });
  return { logger, lines, find, waitFor };
}

export interface NotifierStack {
  database: TestDatabase;
  auth: RunningAuthService;
  authClient: GrpcClient<AuthClient>;
  smtp: SmtpRecorder;
  /** The running notifier; replaced by `startAnotherNotifier`. */
  notifier: RunningNotifierService;
  /** As the notifier role, in its schema. */
  pool: Pool;
  queue: string;
  log: ReturnType<typeof recordingLogger>;
  publish(...envelopes: EventEnvelope[]): Promise<void>;
  /** Messages waiting in the notifier's parking queue. */
  parkedCount(): Promise<number>;
  /** Binds the notifier's queue to an event type, as an earlier version may have. */
  bindQueueTo(type: EventType): Promise<void>;
  /** Cuts every database connection of the notifier, as a database restart does. */
  dropNotifierConnections(): Promise<void>;
  /**
   * Starts a new notifier process-alike on the same queue (the running one must have stopped), as
   * after a crash: it shares nothing in memory with the one before.
   */
  startAnotherNotifier(): Promise<void>;
  stop(): Promise<void>;
}

const silent: Logger = createLogger({ service: 'notifier-test-infra', level: 'silent' });

/**
 * Postgres (one database, auth's and the notifier's schema, each with its own role, as in
 * production), the real auth service, an SMTP recorder, and the notifier on an exchange and queue
 * of this run's own. Retries are fast and few so the tests can watch them.
 */
export async function startNotifierStack(): Promise<NotifierStack> {
  const database = await createTestDatabase('ticres_notifier_test');
  const names = testBrokerNames();
  const queue = `${names.queuePrefix}notifier`;
  const auth = await startAuthForTests(database.url, { notifier: NOTIFIER_SECRET });
  const authClient = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, `127.0.0.1:${auth.port}`, 5_000);
  const smtp = await startSmtpRecorder();
  const log = recordingLogger();
  const notifierUrl = asRole(database.url, 'ticres_notifier');
  const notifierConfig = loadNotifierConfig({
    NODE_ENV: 'test',
    DATABASE_URL: notifierUrl,
    DATABASE_ADMIN_URL: database.url,
    MIGRATE_ON_START: 'true',
    AUTH_GRPC_URL: `127.0.0.1:${auth.port}`,
    NOTIFIER_SERVICE_SECRET: NOTIFIER_SECRET,
    AMQP_URL: testAmqpUrl(),
    AMQP_PUBLISHER_USERS: formatPublisherUsers(testPublisherUsers()),
    AMQP_EXCHANGE: names.exchange,
    AMQP_QUEUE: queue,
    // More than one: a message waiting for its retry must not hold up the ones behind it.
    AMQP_PREFETCH: '4',
    AMQP_DELIVERY_LIMIT: '5',
    RETRY_BASE_MS: '50',
    RETRY_MAX_MS: '400',
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_TIMEOUT_MS: '2000',
    MAIL_TIME_ZONE: 'Asia/Jakarta',
    NOTIFIER_HTTP_HOST: '127.0.0.1',
    NOTIFIER_HTTP_PORT: '0',
  });
  const notifier = await startNotifierService(notifierConfig, { logger: log.logger });
  const pool = createPool({ connectionString: notifierUrl, schema: NOTIFIER_SCHEMA });
  const broker: Broker = createBroker({ url: testAmqpUrl(), exchange: names.exchange, logger: silent });
  await broker.ready();
  const inspector = broker.openChannel('inspector', async () => undefined);
  await inspector.ready(10_000);
  const inspectorChannel = () => {
    const channel = inspector.current();
    if (!channel) throw new Error('the inspector channel is not open');
    return channel;
  };

  const stack: NotifierStack = {
    database,
    auth,
    authClient,
    smtp,
    notifier,
    pool,
    queue,
    log,
    publish: (...envelopes) =>
      broker.publish(
        envelopes.map((envelope) => ({
          routingKey: envelope.type,
          body: Buffer.from(JSON.stringify(envelope)),
          options: { persistent: true, messageId: envelope.id, contentType: 'application/json' },
        })),
      ),
    async parkedCount() {
      return (await inspectorChannel().checkQueue(`${queue}.dead`)).messageCount;
    },
    async bindQueueTo(type) {
      await inspectorChannel().bindQueue(queue, names.exchange, type);
    },
    async dropNotifierConnections() {
      await pool.query(/* sql */ `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                   WHERE datname = current_database() AND application_name = 'ticres-notifier'`);
    },
    async startAnotherNotifier() {
      stack.notifier = await startNotifierService(notifierConfig, { logger: log.logger });
    },
    async stop() {
      await stack.notifier.stop();
      await inspector.close();
      await broker.close();
      authClient.close();
      await auth.stop();
      await smtp.close();
      await pool.end();
      await deleteTestTopology(testAmqpUrl(), { exchange: names.exchange, queues: [queue] });
      await database.drop();
    },
  };
  return stack;
}

export function envelopeOf<Type extends EventType>(type: Type, data: EventEnvelope<Type>['data']): EventEnvelope<Type> {
  const aggregateId = (data as { booking_id?: string }).booking_id ?? newId();
  return { id: newId(), type, version: 1, occurred_at: new Date().toISOString(), aggregate_id: aggregateId, data };
}
