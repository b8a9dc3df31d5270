import { registerAndLogin, type Account } from '../support/accounts';
import { eventually } from '../support/eventually';
import { apiClient, problemOf, type ApiClient } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/**
 * The run's database stops taking the services' connections and drops the ones they have, as
 * during a PostgreSQL restart, but only for this run's database (the server is shared): the
 * gateway answers 503 with Retry-After, not 500, and the services recover by themselves.
 */
describe('e2e: the database out of reach', () => {
  let stack: Stack;
  let api: ApiClient;
  let alice: Account;

  beforeAll(async () => {
    stack = await startStack({ notifier: true, env: { HEALTH_CHECK_INTERVAL_MS: '200' } });
    api = apiClient(stack.baseUrl);
    alice = await registerAndLogin(api, 'alice');
  }, 240_000);
  afterAll(async () => {
    await allowConnections().catch(() => undefined);
    await stack?.stop();
  }, 30_000);

  const myBookings = () => api.get('/api/v1/me/bookings', { token: alice.tokens.access_token });

  /** The superuser connection of the test is exempt from the limit and is not terminated. */
  async function refuseConnections(): Promise<void> {
    const { rows } = await stack.sql.query<{ name: string }>(/* sql */ `SELECT current_database() AS name`);
    await stack.sql.query(`ALTER DATABASE ${stack.sql.escapeIdentifier(rows[0]!.name)} CONNECTION LIMIT 0`);
    await stack.sql.query(/* sql */ `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND usename LIKE 'ticres\\_%'`);
  }
  async function allowConnections(): Promise<void> {
    const { rows } = await stack.sql.query<{ name: string }>(/* sql */ `SELECT current_database() AS name`);
    await stack.sql.query(`ALTER DATABASE ${stack.sql.escapeIdentifier(rows[0]!.name)} CONNECTION LIMIT -1`);
  }

  it('answers 503 UNAVAILABLE with Retry-After while booking cannot reach its database, and 200 again once it can', async () => {
    expect((await myBookings()).status).toBe(200);

    await refuseConnections();
    const res = await myBookings();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(problemOf(res)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(res.text).not.toMatch(/connection|postgres|53300|57P01/i);

    await allowConnections();
    await eventually('booking serves again', myBookings, (answer) => answer.status === 200);
  });

  it('fails the readiness of the gateway (every service NOT_SERVING) and of the notifier while the database is out of reach, and passes again once it is back', async () => {
    const gatewayReady = () => api.get('/readyz');
    const notifierReady = async () => (await fetch(`${stack.notifierUrl}/readyz`)).status;
    const everyService = (state: 'up' | 'down') => ({ auth: state, catalog: state, booking: state, payment: state });
    // The previous test's outage may still show: every service re-checks every HEALTH_CHECK_INTERVAL_MS.
    await eventually('the gateway ready before the outage', gatewayReady, (res) => res.status === 200);
    await eventually('the notifier ready before the outage', notifierReady, (status) => status === 200);

    await refuseConnections();
    const unready = await eventually(
      'every service NOT_SERVING',
      gatewayReady,
      (res) => JSON.stringify((res.body as { checks?: object })?.checks) === JSON.stringify({ redis: 'up', ...everyService('down') }),
    );
    expect(unready.status).toBe(503);
    expect(problemOf(unready)).toMatchObject({ code: 'UNAVAILABLE' });
    await eventually('the notifier not ready', notifierReady, (status) => status === 503);

    await allowConnections();
    const ready = await eventually('the gateway ready again', gatewayReady, (res) => res.status === 200);
    expect(ready.body).toEqual({ status: 'ready', checks: { redis: 'up', ...everyService('up') } });
    await eventually('the notifier ready again', notifierReady, (status) => status === 200);
  });
});
