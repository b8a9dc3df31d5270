import { createGrpcHealthClient, createPool, createTokenVerifier } from '@ticres/shared';
import { AUTH_SERVICE_NAME, type RunningAuthService } from '../src/auth-service';
import { failure } from '@ticres/shared/testing';
import { startAuthOverGrpc, type AuthOverGrpc } from './support/auth-over-grpc';

async function checkHealthAt(address: string, service: string) {
  const health = createGrpcHealthClient(address, 1_000);
  try {
    return await health.check(service);
  } finally {
    health.close();
  }
}

describe('AuthService over gRPC', () => {
  let auth: AuthOverGrpc;
  let serviceUrl: string;
  let service: RunningAuthService;
  let client: AuthOverGrpc['client'];
  let address: string;

  beforeAll(async () => {
    auth = await startAuthOverGrpc('ticres_auth_grpc', { SERVICE_SECRETS: 'notifier=notifier-test-secret-0123' });
    ({ serviceUrl, service, client, address } = auth);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('reports SERVING on grpc.health.v1 for the server and for AuthService', async () => {
    await expect(checkHealthAt(address, '')).resolves.toBe('SERVING');
    await expect(checkHealthAt(address, AUTH_SERVICE_NAME)).resolves.toBe('SERVING');
  });

  it('registers, logs in, reads the caller, refreshes, detects reuse and logs out', async () => {
    const user = await client.call.Register({ name: ' Rosa ', email: 'Rosa@Example.com', password: 'montgomery55' });
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Rosa',
      email: 'Rosa@Example.com',
      role: 'customer',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    const login = await client.call.Login({ email: 'rosa@example.com', password: 'montgomery55' });
    expect(login).toMatchObject({ token_type: 'Bearer', expires_in: 900 });

    await expect(client.call.GetUser({ id: '' }, { token: login.access_token })).resolves.toEqual(user);
    await expect(client.call.GetUser({ id: user.id }, { token: login.access_token })).resolves.toEqual(user);

    const refreshed = await client.call.Refresh({ refresh_token: login.refresh_token });
    expect(refreshed.refresh_token).not.toBe(login.refresh_token);
    await expect(client.call.GetUser({ id: '' }, { token: refreshed.access_token })).resolves.toMatchObject({ id: user.id });

    const reuse = await failure(client.call.Refresh({ refresh_token: login.refresh_token }));
    expect(reuse.code).toBe('REFRESH_TOKEN_INVALID');
    // The reuse revoked the family, so the token handed out by the legitimate refresh is dead too.
    expect((await failure(client.call.Refresh({ refresh_token: refreshed.refresh_token }))).code).toBe('REFRESH_TOKEN_INVALID');

    const again = await client.call.Login({ email: 'ROSA@example.com', password: 'montgomery55' });
    await expect(client.call.Logout({ refresh_token: again.refresh_token })).resolves.toEqual({});
    expect((await failure(client.call.Refresh({ refresh_token: again.refresh_token }))).code).toBe('REFRESH_TOKEN_INVALID');
    await expect(client.call.Logout({ refresh_token: 'never-issued' })).resolves.toEqual({});
  });

  it('maps domain errors to their codes at the edge', async () => {
    const invalid = await failure(client.call.Register({ name: '', email: 'bad', password: 'short' }));
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.fields.map((f) => f.field)).toEqual(['name', 'email', 'password']);

    await client.call.Register({ name: 'Dup', email: 'dup@example.com', password: 'dup-password' });
    expect((await failure(client.call.Register({ name: 'Dup', email: 'DUP@example.com', password: 'dup-password' }))).code).toBe('EMAIL_TAKEN');

    const unknown = await failure(client.call.Login({ email: 'nobody@example.com', password: 'dup-password' }));
    const wrong = await failure(client.call.Login({ email: 'dup@example.com', password: 'not-the-password' }));
    expect([unknown.code, wrong.code]).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    expect(unknown.message).toBe(wrong.message);

    expect((await failure(client.call.GetUser({ id: '' }))).code).toBe('UNAUTHENTICATED');
    expect((await failure(client.call.GetUser({ id: '' }, { token: 'not.a.jwt' }))).code).toBe('UNAUTHENTICATED');
  });

  it('lets only an admin read another user or set a role', async () => {
    const target = await client.call.Register({ name: 'Target', email: 'target@example.com', password: 'target-pass' });
    await client.call.Register({ name: 'Boss', email: 'boss@example.com', password: 'boss-password' });
    const customer = await client.call.Login({ email: 'target@example.com', password: 'target-pass' });

    const forbidden = await failure(client.call.SetUserRole({ id: target.id, role: 'admin' }, { token: customer.access_token }));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect((await failure(client.call.SetUserRole({ id: target.id, role: 'admin' }))).code).toBe('UNAUTHENTICATED');

    // The first admin is made by hand, as an operator would (the seed script's job).
    const pool = createPool({ connectionString: serviceUrl, schema: 'auth' });
    await pool.query(/* sql */ `UPDATE users SET role = 'admin' WHERE email = 'boss@example.com'`);
    await pool.end();
    const admin = await client.call.Login({ email: 'boss@example.com', password: 'boss-password' });

    const boss = await client.call.GetUser({ id: '' }, { token: admin.access_token });
    expect((await failure(client.call.GetUser({ id: boss.id }, { token: customer.access_token }))).code).toBe('FORBIDDEN');
    await expect(client.call.GetUser({ id: target.id }, { token: admin.access_token })).resolves.toMatchObject({ email: 'target@example.com' });
    expect((await failure(client.call.GetUser({ id: '0190a0a0-0000-7000-8000-000000000000' }, { token: admin.access_token }))).code).toBe('NOT_FOUND');
    expect((await failure(client.call.GetUser({ id: 'nope' }, { token: admin.access_token }))).code).toBe('VALIDATION_FAILED');

    await expect(client.call.SetUserRole({ id: target.id, role: 'organizer' }, { token: admin.access_token })).resolves.toMatchObject({
      id: target.id,
      role: 'organizer',
    });
    expect((await failure(client.call.SetUserRole({ id: target.id, role: 'root' }, { token: admin.access_token }))).code).toBe('VALIDATION_FAILED');
    expect(
      (await failure(client.call.SetUserRole({ id: '0190a0a0-0000-7000-8000-000000000000', role: 'admin' }, { token: admin.access_token }))).code,
    ).toBe('NOT_FOUND');

    // The promoted user's next refresh carries the new role.
    const promoted = await client.call.Refresh({ refresh_token: customer.refresh_token });
    const verifier = createTokenVerifier({
      issuer: 'ticres-auth',
      audience: 'ticres',
      algorithm: 'EdDSA',
      loadKeys: async () => (await client.call.GetPublicKeys({})).keys,
    });
    await expect(verifier.verify(promoted.access_token)).resolves.toMatchObject({ userId: target.id, role: 'organizer' });
  });

  it('trades a service secret for a service token that only GetContact accepts', async () => {
    const rosa = await client.call.Register({ name: 'Contact Me', email: 'Contact.Me@example.com', password: 'contact-pass' });
    const pair = await client.call.IssueServiceToken({ service: 'notifier', secret: 'notifier-test-secret-0123' });
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_token: '' });

    const verifier = createTokenVerifier({
      issuer: 'ticres-auth',
      audience: 'ticres',
      algorithm: 'EdDSA',
      loadKeys: async () => (await client.call.GetPublicKeys({})).keys,
    });
    await expect(verifier.verify(pair.access_token)).resolves.toEqual({ userId: 'service:notifier', role: 'service' });

    await expect(client.call.GetContact({ user_id: rosa.id }, { token: pair.access_token })).resolves.toEqual({
      user_id: rosa.id,
      name: 'Contact Me',
      email: 'Contact.Me@example.com',
    });
    expect((await failure(client.call.GetContact({ user_id: '0190a0a0-0000-7000-8000-000000000000' }, { token: pair.access_token }))).code).toBe(
      'NOT_FOUND',
    );
    // A service token is not a person: the user-facing calls refuse it.
    expect((await failure(client.call.GetUser({ id: rosa.id }, { token: pair.access_token }))).code).toBe('UNAUTHENTICATED');
    expect((await failure(client.call.SetUserRole({ id: rosa.id, role: 'admin' }, { token: pair.access_token }))).code).toBe('UNAUTHENTICATED');

    const own = await client.call.Login({ email: 'contact.me@example.com', password: 'contact-pass' });
    expect((await failure(client.call.GetContact({ user_id: rosa.id }, { token: own.access_token }))).code).toBe('FORBIDDEN');
    expect((await failure(client.call.GetContact({ user_id: rosa.id }))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong secret or an unknown service with UNAUTHENTICATED', async () => {
    for (const request of [
      { service: 'notifier', secret: 'notifier-test-secret-0124' },
      { service: 'notifier', secret: '' },
      { service: 'payment', secret: 'notifier-test-secret-0123' },
    ]) {
      expect((await failure(client.call.IssueServiceToken(request))).code).toBe('UNAUTHENTICATED');
    }
  });

  it('serves the public keys that verify its tokens', async () => {
    const { keys } = await client.call.GetPublicKeys({});
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ alg: 'EdDSA', public_key_pem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(Date.parse(keys[0]!.not_after)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(keys)).not.toContain('PRIVATE');
  });

  it('turns NOT_SERVING as the first shutdown step', async () => {
    await service.shutdownSteps[0]!.run();
    await expect(checkHealthAt(address, AUTH_SERVICE_NAME)).resolves.toBe('NOT_SERVING');
  });
});
