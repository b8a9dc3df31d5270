import type { AuthProto } from '@ticres/proto';
import { AppError, createGrpcClient, loadProto, OverloadedError, type GrpcClient } from '@ticres/shared';
import { asRole, createTestDatabase, type TestDatabase } from '@ticres/shared/testing';
import { Client } from 'pg';
import { startAuthService, type RunningAuthService } from '../src/auth-service';
import { loadAuthConfig } from '../src/config';
import { AUTH_ROLE, privateLoginLimits, silentLogger, UNLIMITED_LOGINS } from './support/auth-database';

type AuthClient = InstanceType<AuthProto['ticres']['auth']['v1']['AuthService']>;

/** Each call's outcome: served, refused under overload (with its hint), or anything else. */
async function outcomes(calls: Promise<unknown>[]) {
  const settled = await Promise.allSettled(calls);
  const served = settled.filter((s) => s.status === 'fulfilled').length;
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const refused = errors.filter((e): e is OverloadedError => e instanceof OverloadedError);
  const other = errors.filter((e) => !(e instanceof OverloadedError)).map((e) => (e instanceof AppError ? e.code : String(e)));
  return { served, refused, other };
}

describe('AuthService under a burst of password work', () => {
  let database: TestDatabase;
  let sql: Client;
  const services: RunningAuthService[] = [];
  const clients: GrpcClient<AuthClient>[] = [];

  /** One more auth process on the same database, with these settings. */
  async function startAuth(env: NodeJS.ProcessEnv): Promise<GrpcClient<AuthClient>> {
    const url = asRole(database.url, AUTH_ROLE);
    const config = loadAuthConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      GRPC_BIND: '127.0.0.1:0',
      DATABASE_URL: url,
      DATABASE_ADMIN_URL: database.url,
      MIGRATE_ON_START: 'true',
      // Dear enough that a burst of a few dozen outlasts a deadline of a second or two on one thread.
      BCRYPT_COST: '10',
      PASSWORD_WORKERS: '1',
      // Bursts of logins and sign-ups from this one client: the limits are login-limits.test's and register-limit.test's.
      ...privateLoginLimits(database.url),
      ...UNLIMITED_LOGINS,
      REGISTER_LIMIT_PER_IP: '1000000',
      ...env,
    });
    const service = await startAuthService(config, { logger: silentLogger });
    services.push(service);
    const client = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, `127.0.0.1:${service.port}`, 30_000);
    clients.push(client);
    return client;
  }

  const countRows = async (table: string, where = 'true') => Number((await sql.query(`SELECT count(*) FROM auth.${table} WHERE ${where}`)).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase('ticres_auth_overload');
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const service of services) await service.stop();
    await sql?.end();
    await database?.drop();
  });

  it('serves what fits before the deadline, refuses the rest at once with a retry hint, and lets no call time out', async () => {
    const auth = await startAuth({});
    await auth.call.Register({ name: 'Storm', email: 'storm@example.com', password: 'storm-password' });
    const session = await auth.call.Login({ email: 'storm@example.com', password: 'storm-password' });
    const tokensBefore = await countRows('refresh_tokens');

    const burst = Array.from({ length: 60 }, () => auth.call.Login({ email: 'storm@example.com', password: 'storm-password' }, { deadlineMs: 1_500 }));
    // Password work has its own queue: refreshing a session and reading the keys are not behind it.
    const refreshed = auth.call.Refresh({ refresh_token: session.refresh_token }, { deadlineMs: 1_500 });
    const keys = auth.call.GetPublicKeys({}, { deadlineMs: 1_500 });
    const { served, refused, other } = await outcomes(burst);

    expect(other).toEqual([]); // in particular no UNAVAILABLE: nobody waited past the deadline
    expect(served).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const refusal of refused) expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await expect(refreshed).resolves.toMatchObject({ token_type: 'Bearer' });
    await expect(keys).resolves.toMatchObject({ keys: expect.any(Array) });
    // A refused login wrote nothing; each served one started exactly one session.
    expect((await countRows('refresh_tokens')) - tokensBefore).toBe(served + 1);

    // No lasting harm: once the burst is over, a login is served.
    await expect(auth.call.Login({ email: 'storm@example.com', password: 'storm-password' })).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses past a full queue even with time to spare, and a refused sign-up stores nothing', async () => {
    // One running, two waiting; the rest are refused on arrival whatever their deadline.
    const auth = await startAuth({ MIGRATE_ON_START: 'false', PASSWORD_QUEUE_LENGTH: '2' });
    const emails = Array.from({ length: 12 }, (_, i) => `queue-${i}@example.com`);
    const { served, refused, other } = await outcomes(
      emails.map((email) => auth.call.Register({ name: 'Queue', email, password: 'queue-password' }, { deadlineMs: 30_000 })),
    );

    expect(other).toEqual([]);
    expect(served).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThan(0);
    expect(served + refused.length).toBe(emails.length);
    expect(await countRows('users', `email LIKE 'queue-%'`)).toBe(served);
  });
});
