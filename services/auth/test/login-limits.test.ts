import { CLIENT_ADDRESS_METADATA, isRetryLaterError } from '@ticres/shared';
import { failure } from '@ticres/shared/testing';
import { startAuthOverGrpc, type AuthOverGrpc } from './support/auth-over-grpc';

const GATEWAY_SECRET = 'gateway-test-secret-0123';
const NOTIFIER_SECRET = 'notifier-test-secret-0123';
const PASSWORD = 'the owner knows it';

/**
 * auth's own login limits, over real gRPC and real Redis: what any caller of AuthService.Login
 * meets, through the gateway or straight at auth's port. Windows of a day (they start at 00:00
 * UTC), so only a run that crosses midnight UTC can see its counts start again.
 */
describe('AuthService.Login limits', () => {
  let auth: AuthOverGrpc;
  let gatewayToken: string;

  beforeAll(async () => {
    auth = await startAuthOverGrpc('ticres_auth_login_limits', {
      SERVICE_SECRETS: `gateway=${GATEWAY_SECRET},notifier=${NOTIFIER_SECRET}`,
      LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: '3',
      LOGIN_LIMIT_PER_ADDRESS: '10',
      LOGIN_LIMIT_PER_ACCOUNT: '4',
      LOGIN_LIMIT_WINDOW_SECONDS: '86400',
      LOGIN_ACCOUNT_LIMIT_WINDOW_SECONDS: '86400',
    });
    gatewayToken = (await auth.client.call.IssueServiceToken({ service: 'gateway', secret: GATEWAY_SECRET })).access_token;
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const register = (email: string) => auth.client.call.Register({ name: 'Owner', email, password: PASSWORD });

  /** A login as the gateway makes it: its own token and the end user's address. */
  const viaGateway = (email: string, password: string, clientAddress: string) =>
    outcome(auth.client.call.Login({ email, password }, { token: gatewayToken, metadata: { [CLIENT_ADDRESS_METADATA]: clientAddress } }));

  /** A login straight at auth's port, with whatever metadata the caller cares to send. */
  const direct = (email: string, password: string, options: { token?: string; metadata?: Record<string, string> } = {}) =>
    outcome(auth.client.call.Login({ email, password }, options));

  async function outcome(login: Promise<unknown>): Promise<string> {
    try {
      await login;
      return 'ok';
    } catch (error) {
      const refusal = await failure(Promise.reject(error));
      // A limit tells the caller when to come back (Retry-After at the gateway).
      if (refusal.code === 'RATE_LIMITED' && !(isRetryLaterError(refusal) && refusal.retryAfterSeconds > 0)) return 'RATE_LIMITED without a wait';
      return refusal.code;
    }
  }

  it("lets the owner log in from an address they used before, whatever strangers' wrong passwords did", async () => {
    const email = 'owner@example.com';
    await register(email);
    expect(await viaGateway(email, PASSWORD, '203.0.113.10')).toBe('ok');

    // One stranger, one address: held to 3 failures, then refused.
    const fromOneAddress = [];
    for (let guess = 0; guess < 8; guess += 1) fromOneAddress.push(await viaGateway(email, `guess ${guess}`, '198.51.100.7'));
    expect(fromOneAddress).toEqual([...Array(3).fill('INVALID_CREDENTIALS'), ...Array(5).fill('RATE_LIMITED')]);
    // Strangers on other addresses use up the account-wide allowance (4 failures) ...
    expect(await viaGateway(email, 'guess', '198.51.100.8')).toBe('INVALID_CREDENTIALS');
    expect(await viaGateway(email, 'guess', '198.51.100.9')).toBe('RATE_LIMITED');
    // ... which holds off every new address, the owner's new phone too ...
    expect(await viaGateway(email, PASSWORD, '192.0.2.44')).toBe('RATE_LIMITED');
    // ... but not the owner where they logged in before.
    expect(await viaGateway(email, PASSWORD, '203.0.113.10')).toBe('ok');
  });

  it('throttles a brute force sent straight to the gRPC port: a burst of 60 wrong passwords gets 3 answers', async () => {
    const email = 'direct@example.com';
    await register(email);
    const burst = await Promise.all(Array.from({ length: 60 }, (_, guess) => direct(email, `guess ${guess}`)));
    expect(burst.filter((answer) => answer === 'INVALID_CREDENTIALS')).toHaveLength(3);
    expect(burst.filter((answer) => answer === 'RATE_LIMITED')).toHaveLength(57);
    // Even the right password now waits, from that address.
    expect(await direct(email, PASSWORD)).toBe('RATE_LIMITED');
  });

  it('ignores a client address named without the gateway identity, and believes it with', async () => {
    const email = 'forger@example.com';
    await register(email);
    const { access_token: personToken } = await auth.client.call.Login({ email, password: PASSWORD });
    const notifierToken = (await auth.client.call.IssueServiceToken({ service: 'notifier', secret: NOTIFIER_SECRET })).access_token;
    const forged = [{}, { token: personToken }, { token: notifierToken }, { token: `${gatewayToken.slice(0, -4)}AAAA` }].map((credentials, index) => ({
      ...credentials,
      metadata: { [CLIENT_ADDRESS_METADATA]: `192.0.2.${index + 1}` },
    }));

    // Each guess names an address of its own; all count as the caller's one (this test's 127.0.0.1).
    const victim = 'victim-of-forgery@example.com';
    await register(victim);
    const answers = [];
    for (const options of forged) answers.push(await direct(victim, 'guess', options));
    expect(answers).toEqual([...Array(3).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED']);

    // With the gateway's token the addresses are believed: four addresses, four answers.
    const other = 'gateway-client@example.com';
    await register(other);
    const believed = [];
    for (let client = 1; client <= 4; client += 1) believed.push(await viaGateway(other, 'guess', `198.51.100.${100 + client}`));
    expect(believed).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
  });
});
