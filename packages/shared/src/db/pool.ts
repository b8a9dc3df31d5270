import { Pool, type PoolConfig } from 'pg';
import { connectWithinCallDeadline } from './connect-within-deadline';
import { prepareStatements } from './prepared-statements';

export type { Pool, PoolClient } from 'pg';

export interface PoolOptions {
  connectionString: string;
  /** search_path for every connection: the service's own schema. */
  schema?: string;
  max?: number;
  applicationName?: string;
  /** Longest a single statement may run; default 15 s. */
  statementTimeoutMs?: number;
}

/**
 * A pg pool whose connections work in the service's schema, never hang forever and prepare the
 * statements they run (see prepareStatements), and that takes no connection for a gRPC call past
 * its deadline (see connectWithinCallDeadline).
 */
export function createPool({ connectionString, schema, max = 10, applicationName, statementTimeoutMs = 15_000 }: PoolOptions): Pool {
  const config: PoolConfig = {
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    application_name: applicationName,
    options: schema ? `-c search_path=${schema}` : undefined,
  };
  const pool = new Pool(config);
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', prepareStatements);
  connectWithinCallDeadline(pool);
  return pool;
}
