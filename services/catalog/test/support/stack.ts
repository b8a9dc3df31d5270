import type { AuthProto, CatalogProto, catalogV1 } from '@ticres/proto';
import { createGrpcClient, createPool, loadProto, type GrpcClient, type Logger, type Principal } from '@ticres/shared';
import { createTestDatabase, deleteTestTopology, testAmqpUrl, testBrokerNames, type TestDatabase } from '@ticres/shared/testing';
import { startCatalogService, type RunningCatalogService } from '../../src/catalog-service';
import type { CatalogConfig } from '../../src/config';
import { Redis } from 'ioredis';
import { createCatalogTestDatabase, deleteCacheKeys, silentLogger, testConfig, type CatalogTestDatabase } from './catalog-database';
// Catalog does not depend on auth; its tests start the real one from its sources (see tsconfig.json).
import type { RunningAuthService } from '../../../auth/src/auth-service';
import { startAuthForTests } from '../../../auth/test/support/auth-for-other-services';

export interface TestStack {
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  catalogService: RunningCatalogService;
  catalogConfig: CatalogConfig;
  db: CatalogTestDatabase;
  /** Exchange of this run's own, bound to nothing but what a test binds to it. */
  exchange: string;
  queuePrefix: string;
  /** Registers a person, gives them `role` as an operator would, and logs them in. */
  signUp(role: Principal['role']): Promise<{ userId: string; token: string }>;
  /** A token of another TicRes service (the notifier's), as a service calling catalog would hold. */
  serviceToken(): Promise<string>;
  stop(): Promise<void>;
}

let accounts = 0;
const NOTIFIER_SECRET = 'notifier-test-secret-0123';

/**
 * Real auth and catalog services in this process, each on a free port with a database of its own,
 * catalog on an exchange of this run's own. `catalogEnv` overrides catalog's configuration;
 * `logger` lets a test watch what catalog logs.
 */
export async function startTestStack(catalogEnv: NodeJS.ProcessEnv = {}, logger: Logger = silentLogger): Promise<TestStack> {
  const authDatabase: TestDatabase = await createTestDatabase('ticres_catalog_auth');
  const auth: RunningAuthService = await startAuthForTests(authDatabase.url, { notifier: NOTIFIER_SECRET });
  const authClient = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, `127.0.0.1:${auth.port}`, 5_000);

  const db = await createCatalogTestDatabase();
  const { exchange, queuePrefix } = testBrokerNames();
  const catalogConfig = testConfig(db, {
    AUTH_GRPC_URL: `127.0.0.1:${auth.port}`,
    AMQP_URL: testAmqpUrl(),
    AMQP_EXCHANGE: exchange,
    OUTBOX_POLL_MS: '100',
    ...catalogEnv,
  });
  const catalogService = await startCatalogService(catalogConfig, { logger });
  const catalog = createGrpcClient(loadProto<CatalogProto>('catalog').ticres.catalog.v1.CatalogService, `127.0.0.1:${catalogService.port}`, 5_000);

  const authPool = createPool({ connectionString: authDatabase.url, schema: 'auth' });

  return {
    catalog,
    catalogService,
    catalogConfig,
    db,
    exchange,
    queuePrefix,
    async signUp(role) {
      accounts += 1;
      const email = `person${accounts}.${Date.now()}@example.com`;
      const user = await authClient.call.Register({ name: `Person ${accounts}`, email, password: 'password-123' });
      if (role !== 'customer') await authPool.query(/* sql */ `UPDATE users SET role = $1 WHERE id = $2`, [role, user.id]);
      const tokens = await authClient.call.Login({ email, password: 'password-123' });
      return { userId: user.id, token: tokens.access_token };
    },
    async serviceToken() {
      return (await authClient.call.IssueServiceToken({ service: 'notifier', secret: NOTIFIER_SECRET })).access_token;
    },
    async stop() {
      catalog.close();
      authClient.close();
      await catalogService.stop();
      await auth.stop();
      await authPool.end();
      await deleteTestTopology(testAmqpUrl(), { exchange, queues: [] });
      await forgetCache(catalogConfig);
      await db.drop();
      await authDatabase.drop();
    },
  };
}

/** Deletes the run's cache and write-limit keys if its Redis still answers (a test may have killed it). */
async function forgetCache(config: CatalogConfig): Promise<void> {
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await deleteCacheKeys(redis, config.CACHE_KEY_PREFIX);
    await deleteCacheKeys(redis, config.WRITE_LIMIT_KEY_PREFIX);
  } catch {
    // Gone with its server: nothing to clean.
  } finally {
    // Disconnecting an ended client would arm a 2 s socket timer for nothing.
    if (redis.status !== 'end') redis.disconnect();
  }
}
