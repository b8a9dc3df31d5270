import { setTimeout as delay } from 'node:timers/promises';
import type { AuthProto } from '@ticres/proto';
import { Client } from 'pg';
import {
  createGrpcClient,
  createGrpcHealthClient,
  databaseProbe,
  brokerProbe,
  loadProto,
  startGrpcServer,
  superviseGrpcServer,
  trackOpenedParts,
  unary,
  type OpenedParts,
  type RunningGrpcServer,
} from '../src';
import { createTestDatabase, testAdminUrl, type TestDatabase } from '../src/testing';
import { testLogger } from './support/logger';
import { waitUntil } from './support/wait';

const SERVICE = 'ticres.auth.v1.AuthService';
const DRAIN_MS = 3_000;
/** Well into the drain, and long after the other shutdown steps before it would have run. */
const LATE_CALL_AFTER_MS = 1_000;
const proto = loadProto<AuthProto>('auth');
const logger = testLogger();

async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: testAdminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A server of AuthService whose GetPublicKeys waits until the test lets it answer. */
async function startServer(): Promise<{ server: RunningGrpcServer; entered: Promise<void>; release: () => void }> {
  let entered!: () => void;
  let release!: () => void;
  const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = await startGrpcServer('127.0.0.1:0', [
    {
      name: SERVICE,
      definition: proto.ticres.auth.v1.AuthService.service,
      implementation: {
        GetPublicKeys: unary(logger, async () => {
          entered();
          await released;
          return { keys: [] };
        }),
      },
    },
  ]);
  return { server, entered: enteredPromise, release };
}

describe('gRPC health that tells the truth', () => {
  let database: TestDatabase;
  let parts: OpenedParts;
  let address: string;
  let release: () => void;
  let entered: Promise<void>;
  let connected = true;
  const health = () => createGrpcHealthClient(address, 1_000);
  const statusNow = async () => {
    const client = health();
    try {
      return await client.check(SERVICE);
    } finally {
      client.close();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('ticres_health');
    let server: RunningGrpcServer;
    ({ server, entered, release } = await startServer());
    address = `127.0.0.1:${server.port}`;
    parts = trackOpenedParts(logger);
    await superviseGrpcServer(server, parts, {
      probes: [databaseProbe(database.url, { applicationName: 'ticres-health-test', timeoutMs: 500 }), brokerProbe({ isConnected: () => connected })],
      settings: { HEALTH_CHECK_INTERVAL_MS: 100, SHUTDOWN_DRAIN_MS: DRAIN_MS, SHUTDOWN_TIMEOUT_MS: 20_000 },
      logger,
    });
  });
  afterAll(async () => {
    release();
    await parts.close();
    await database.drop();
  });

  it('is NOT_SERVING while the database is gone, and SERVING again once it is back', async () => {
    expect(await statusNow()).toBe('SERVING');
    await database.drop();
    await waitUntil(async () => (await statusNow()) === 'NOT_SERVING', { what: 'NOT_SERVING without the database' });
    await asAdmin(`CREATE DATABASE "${database.name}"`);
    await waitUntil(async () => (await statusNow()) === 'SERVING', { what: 'SERVING with the database back' });
  });

  it('is NOT_SERVING while the broker connection is down, and SERVING again once it is up', async () => {
    connected = false;
    await waitUntil(async () => (await statusNow()) === 'NOT_SERVING', { what: 'NOT_SERVING without the broker' });
    connected = true;
    await waitUntil(async () => (await statusNow()) === 'SERVING', { what: 'SERVING with the broker back' });
  });

  it('on shutdown: NOT_SERVING first, still taking calls while it drains, then finishes the call in flight and stops', async () => {
    const client = createGrpcClient(proto.ticres.auth.v1.AuthService, address, 30_000);
    try {
      const inFlight = client.call.GetPublicKeys({});
      await entered;
      const closed = parts.close();

      await waitUntil(async () => (await statusNow()) === 'NOT_SERVING', { what: 'NOT_SERVING at shutdown' });
      // Well into the drain, the server still takes calls (from a caller that has not yet seen
      // the status); without a drain it would have stopped right after turning NOT_SERVING.
      await delay(LATE_CALL_AFTER_MS);
      const lateCaller = createGrpcClient(proto.ticres.auth.v1.AuthService, address, 30_000);
      const late = lateCaller.call.GetPublicKeys({});
      release();
      await expect(inFlight).resolves.toEqual({ keys: [] });
      await expect(late).resolves.toEqual({ keys: [] });
      lateCaller.close();

      await closed;
      await expect(statusNow()).rejects.toThrow();
    } finally {
      client.close();
    }
  });
});
