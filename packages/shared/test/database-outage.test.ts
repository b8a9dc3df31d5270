import * as grpc from '@grpc/grpc-js';
import type { AuthProto, authV1 } from '@ticres/proto';
import { Client } from 'pg';
import pino from 'pino';
import { createGrpcClient, createPool, loadProto, startGrpcServer, unary, UnavailableError, type Pool, type RunningGrpcServer } from '../src';
import { createTestDatabase, freePort, type TestDatabase } from '../src/testing';
import { waitUntil } from './support/wait';

const logger = pino({ level: 'silent' });
const AuthService = loadProto<AuthProto>('auth').ticres.auth.v1.AuthService;
const APPLICATION = 'ticres-outage-test';

/**
 * The gRPC edge of a service whose database goes away: a real Postgres and a real gRPC server and
 * client. Each request reads through the pool named by its id, as a use case would.
 */
describe('a database outage at the gRPC edge', () => {
  let database: TestDatabase;
  let admin: Client;
  const pools = new Map<string, Pool>();
  let server: RunningGrpcServer;
  let client: ReturnType<typeof createGrpcClient<authV1.AuthServiceClient>>;

  beforeAll(async () => {
    database = await createTestDatabase('ticres_outage_test');
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    pools.set('live', createPool({ connectionString: database.url, applicationName: APPLICATION }));
    // Nothing listens there: the database server is down.
    pools.set('down', createPool({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` }));
    const handlers: Partial<authV1.AuthServiceHandlers> = {
      GetUser: unary(logger, async (request: authV1.GetUserRequest__Output) => {
        const [pool, statement] = request.id.split(':') as [string, string];
        await pools.get(pool)!.query(statement === 'sleep' ? 'SELECT pg_sleep(30)' : 'SELECT 1');
        return { id: request.id, name: '', email: '', role: 'customer', created_at: '' };
      }),
    };
    server = await startGrpcServer('127.0.0.1:0', [
      { name: 'ticres.auth.v1.AuthService', definition: AuthService.service, implementation: handlers as grpc.UntypedServiceImplementation },
    ]);
    client = createGrpcClient(AuthService, `127.0.0.1:${server.port}`, 10_000);
  });

  afterAll(async () => {
    client?.close();
    await server?.shutdown(1_000);
    await Promise.all([...pools.values()].map((pool) => pool.end()));
    await admin?.end();
    await database?.drop();
  });

  const failureOf = (id: string) =>
    client.call.GetUser({ id }).then(
      () => undefined,
      (error: unknown) => error,
    );

  it('answers UNAVAILABLE with a retry-after hint when the database refuses connections', async () => {
    const error = await failureOf('down:select');
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 2 });
  });

  it('answers UNAVAILABLE when the session is terminated mid-query (as in a restart), and recovers by itself', async () => {
    const answer = failureOf('live:sleep');
    const sleeping = () => admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'SELECT pg_sleep%'`, [APPLICATION]);
    await waitUntil(async () => ((await sleeping()).rowCount ?? 0) > 0, { what: 'the query running' });
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [APPLICATION]);

    const error = await answer;
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 2 });
    await expect(client.call.GetUser({ id: 'live:select' })).resolves.toMatchObject({ id: 'live:select' });
  });
});
