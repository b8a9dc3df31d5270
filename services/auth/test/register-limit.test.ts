import { CLIENT_ADDRESS_METADATA } from '@ticres/shared';
import { outcomeOf } from '@ticres/shared/testing';
import { startAuthOverGrpc, type AuthOverGrpc } from './support/auth-over-grpc';

const GATEWAY_SECRET = 'gateway-test-secret-0123';
const NOTIFIER_SECRET = 'notifier-test-secret-0123';
const REGISTER_LIMIT_PER_IP = 3;

/**
 * auth's own sign-up limit per client address, over real gRPC and real Redis: what any caller of
 * AuthService.Register meets, through the gateway or straight at auth's port. A day's window (it
 * starts at 00:00 UTC), so only a run that crosses midnight UTC can see its counts start again.
 */
describe('AuthService.Register limit (REGISTER_LIMIT_PER_IP)', () => {
  let auth: AuthOverGrpc;
  let gatewayToken: string;
  let accounts = 0;

  beforeAll(async () => {
    auth = await startAuthOverGrpc('ticres_auth_register_limit', {
      SERVICE_SECRETS: `gateway=${GATEWAY_SECRET},notifier=${NOTIFIER_SECRET}`,
      REGISTER_LIMIT_PER_IP: String(REGISTER_LIMIT_PER_IP),
      REGISTER_LIMIT_WINDOW_SECONDS: '86400',
    });
    gatewayToken = (await auth.client.call.IssueServiceToken({ service: 'gateway', secret: GATEWAY_SECRET })).access_token;
  });
  afterAll(() => auth?.stop());

  const signUp = (options: { token?: string; metadata?: Record<string, string> } = {}) => {
    accounts += 1;
    return outcomeOf(auth.client.call.Register({ name: 'Throwaway', email: `throwaway${accounts}@example.com`, password: 'throwaway-pass' }, options));
  };
  /** A sign-up as the gateway makes it: its own token and the end user's address. */
  const viaGateway = (clientAddress: string) => signUp({ token: gatewayToken, metadata: { [CLIENT_ADDRESS_METADATA]: clientAddress } });

  it('counts sign-ups sent straight to the port under the caller, whatever address they name, and refuses past the limit', async () => {
    const { access_token: notifierToken } = await auth.client.call.IssueServiceToken({ service: 'notifier', secret: NOTIFIER_SECRET });
    const forged = [{}, { token: notifierToken }, { token: `${gatewayToken.slice(0, -4)}AAAA` }, {}].map((credentials, index) => ({
      ...credentials,
      metadata: { [CLIENT_ADDRESS_METADATA]: `192.0.2.${index + 1}` },
    }));
    const answers = [];
    for (const options of forged) answers.push(await signUp(options));
    // Each names an address of its own; all count as the caller's one (this test's 127.0.0.1).
    expect(answers).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
  });

  it('believes the address the gateway names: each client address has its own allowance', async () => {
    const answers = [];
    for (let n = 0; n <= REGISTER_LIMIT_PER_IP; n += 1) answers.push(await viaGateway('198.51.100.7'));
    expect(answers).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
    expect(await viaGateway('198.51.100.8')).toBe('ok');
    // An IPv6 client counts by its /64.
    const sameNetwork = [];
    for (let n = 1; n <= REGISTER_LIMIT_PER_IP + 1; n += 1) sameNetwork.push(await viaGateway(`2001:db8:7:7::${n}`));
    expect(sameNetwork).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
  });
});
