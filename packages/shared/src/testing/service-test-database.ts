import { bootstrapServiceDatabase } from '../db/bootstrap';
import { runMigrations } from '../db/migrate';
import { createPool, type Pool } from '../db/pool';
import { asRole, createTestDatabase } from './test-database';

export interface ServiceTestDatabase {
  /** The test database as the admin (superuser) sees it. */
  adminUrl: string;
  /** The same database as the service's role: what DATABASE_URL would be. */
  serviceUrl: string;
  /** A pool as the service's role, in its schema; closed by `drop`. */
  pool: Pool;
  /** Another such pool, as a second replica would have; closed by `drop`. */
  newPool(max?: number): Pool;
  drop(): Promise<void>;
}

export interface ServiceTestDatabaseOptions {
  /** `auth`, `catalog`, ...: names the role (`ticres_<service>`) and the database prefix. */
  service: string;
  schema: string;
  /** The service's migrations folder. */
  directory: string;
  /** False to leave the schema empty, for tests of the migrations themselves. */
  migrate?: boolean;
  /** Connections per pool; default 10. */
  poolSize?: number;
}

/**
 * A database of one test file's own, bootstrapped as in production (the service's role owns its
 * schema and nothing else) and migrated unless asked not to.
 */
export async function createServiceTestDatabase(options: ServiceTestDatabaseOptions): Promise<ServiceTestDatabase> {
  const { service, schema, directory, migrate = true, poolSize = 10 } = options;
  const database = await createTestDatabase(`ticres_${service}_test`);
  const serviceUrl = asRole(database.url, `ticres_${service}`);
  await bootstrapServiceDatabase({ adminUrl: database.url, databaseUrl: serviceUrl, schema });

  const pools: Pool[] = [];
  const newPool = (max = poolSize) => {
    const pool = createPool({ connectionString: serviceUrl, schema, max });
    pools.push(pool);
    return pool;
  };
  const pool = newPool();
  if (migrate) await runMigrations(pool, { schema, directory });

  return {
    adminUrl: database.url,
    serviceUrl,
    pool,
    newPool,
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      await database.drop();
    },
  };
}
