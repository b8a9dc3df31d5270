import { Client } from 'pg';
import type { Broker } from '../messaging/broker';

/** One thing a service cannot work without; `check` rejects while it is out of reach. */
export interface DependencyProbe {
  name: string;
  check(): Promise<void>;
  close?(): Promise<void>;
}

export interface DatabaseProbeOptions {
  /** Shown in pg_stat_activity, e.g. `ticres-booking-health`. */
  applicationName: string;
  /**
   * A connection or `SELECT 1` slower than this counts as out of reach. Generous by default: a
   * database slow to answer on a busy machine is still there, and calling it gone would take every
   * replica out of service at the moment of most load.
   */
  timeoutMs?: number;
}

/**
 * Whether the database answers `SELECT 1`, on a connection of its own: through the service's pool,
 * a probe would wait behind the requests of a busy moment and call the service down when it is
 * only busy. The connection stays open between checks and is made again after any failure.
 */
export function databaseProbe(connectionString: string, { applicationName, timeoutMs = 5_000 }: DatabaseProbeOptions): DependencyProbe {
  let client: Client | undefined;
  const drop = () => {
    const lost = client;
    client = undefined;
    void lost?.end().catch(() => undefined);
  };
  return {
    name: 'database',
    async check() {
      try {
        if (!client) {
          client = new Client({ connectionString, application_name: applicationName, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
          // A connection the server ends between checks (a restart) must not crash the process.
          client.on('error', drop);
          await client.connect();
        }
        await client.query('SELECT 1');
      } catch (error) {
        drop();
        throw error;
      }
    },
    async close() {
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}

/** Whether the process is connected to RabbitMQ, with its publishing channel open. */
export function brokerProbe(broker: Pick<Broker, 'isConnected'>): DependencyProbe {
  return {
    name: 'broker',
    async check() {
      if (!broker.isConnected()) throw new Error('not connected to the broker');
    },
  };
}
