import { CLIENT_ADDRESS_METADATA, RateLimitedError } from '@ticres/shared';
import { fakeAuth } from '../../test/support/fake-clients';
import { buildTestApp, GATEWAY_TOKEN } from '../../test/support/test-app';

/** The sign-up limit per client address is auth's (REGISTER_LIMIT_PER_IP); the gateway names the address and answers the refusal. */
describe('POST /register and the sign-up limit auth counts', () => {
  const signUp = (sut: Awaited<ReturnType<typeof buildTestApp>>, remoteAddress: string) =>
    sut.app.inject({
      method: 'POST',
      url: '/api/v1/register',
      payload: { name: 'Ann', email: 'ann@example.com', password: 'correct horse' },
      remoteAddress,
    });

  it("names the client's address to auth, vouched for by the gateway's own token", async () => {
    const sut = await buildTestApp({ auth: fakeAuth({ Register: () => Promise.reject(new RateLimitedError(1_000)) }) });
    await signUp(sut, '203.0.113.5');
    expect(sut.auth.Register).toHaveBeenCalledWith(expect.anything(), { token: GATEWAY_TOKEN, metadata: { [CLIENT_ADDRESS_METADATA]: '203.0.113.5' } });
    await sut.app.close();
  });

  it("answers auth's refusal with 429 RATE_LIMITED problem+json and Retry-After", async () => {
    const sut = await buildTestApp({ auth: fakeAuth({ Register: () => Promise.reject(new RateLimitedError(3_000_000)) }) });
    const refused = await signUp(sut, '203.0.113.5');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.headers['retry-after']).toBe('3000');
    await sut.app.close();
  });
});
