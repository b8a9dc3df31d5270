import { registerAndLogin, type Account } from '../support/accounts';
import { apiClient, problemOf, type ApiClient, type ApiResponse } from '../support/http';
import { startStack, type Stack } from '../support/stack';

/**
 * auth's login limits through the gateway (docs/security/login-protection.md): the gateway names
 * each client's address (here from X-Forwarded-For, TRUST_PROXY) with its own identity, and auth
 * counts failures under it. Windows of a day (from 00:00 UTC): only a run across midnight UTC sees its counts start again.
 */
describe('e2e: login limits through the gateway', () => {
  let stack: Stack;
  let api: ApiClient;
  let owner: Account;

  beforeAll(async () => {
    stack = await startStack({
      gatewayEnv: { TRUST_PROXY: 'true' },
      authEnv: {
        LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: '3',
        LOGIN_LIMIT_PER_ACCOUNT: '4',
        LOGIN_LIMIT_WINDOW_SECONDS: '86400',
        LOGIN_ACCOUNT_LIMIT_WINDOW_SECONDS: '86400',
      },
    });
    api = apiClient(stack.baseUrl);
    // Signs up and logs in from 127.0.0.1 (no X-Forwarded-For): that address is now known to the account.
    owner = await registerAndLogin(api, 'owner');
  }, 90_000);
  afterAll(() => stack?.stop(), 30_000);

  const login = (password: string, client?: string) =>
    api.post('/api/v1/login', { email: owner.email, password }, client ? { headers: { 'x-forwarded-for': client } } : {});
  const statusOf = async (response: Promise<ApiResponse>) => (await response).status;

  it('holds strangers off with 429 problem+json and Retry-After, and never the owner where they logged in before', async () => {
    for (let guess = 0; guess < 3; guess += 1) expect(await statusOf(login(`guess ${guess}`, '198.51.100.7'))).toBe(401);
    const refused = await login('guess 3', '198.51.100.7');
    expect(refused.status).toBe(429);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(problemOf(refused)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Another stranger uses up the account-wide allowance; every new address is held off now ...
    expect(await statusOf(login('guess 4', '198.51.100.8'))).toBe(401);
    expect(await statusOf(login('guess 5', '198.51.100.9'))).toBe(429);
    expect(await statusOf(login(owner.password, '192.0.2.44'))).toBe(429);
    // ... but not the owner's own.
    expect(await statusOf(login(owner.password))).toBe(200);
  });
});
