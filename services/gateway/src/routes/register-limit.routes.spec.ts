import { AppError, OverloadedError } from '@ticres/shared';
import { fakeAuth } from '../../test/support/fake-clients';
import { buildTestApp, TEST_CONFIG } from '../../test/support/test-app';

const USER = {
  id: '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69',
  name: 'Ann',
  email: 'ann@example.com',
  role: 'customer',
  created_at: '2026-01-02T03:04:05.000Z',
};

describe(`POST /register, limited to REGISTER_LIMIT_PER_IP (${TEST_CONFIG.REGISTER_LIMIT_PER_IP}) per client address`, () => {
  const signUp = (sut: Awaited<ReturnType<typeof buildTestApp>>, n: number, remoteAddress = '203.0.113.5') =>
    sut.app.inject({
      method: 'POST',
      url: '/api/v1/register',
      payload: { name: 'Ann', email: `ann${n}@example.com`, password: 'correct horse' },
      remoteAddress,
    });

  it('refuses the next sign-up from the address with 429 RATE_LIMITED and Retry-After, before auth sees it', async () => {
    const sut = await buildTestApp({ auth: fakeAuth({ Register: async () => ({ ...USER, password_hash: 'x' }) }) });
    for (let n = 0; n < 3; n++) expect((await signUp(sut, n)).statusCode).toBe(201);

    const refused = await signUp(sut, 3);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(sut.auth.Register).toHaveBeenCalledTimes(3);

    expect((await signUp(sut, 4, '203.0.113.6')).statusCode).toBe(201);
    await sut.app.close();
  });

  it('counts a taken email, but not a sign-up auth refused under load', async () => {
    let answer: () => Promise<never> = () => Promise.reject(new OverloadedError(2));
    const sut = await buildTestApp({ auth: fakeAuth({ Register: () => answer() }) });
    for (let n = 0; n < 5; n++) expect((await signUp(sut, n)).statusCode).toBe(503);

    answer = () => Promise.reject(new AppError('EMAIL_TAKEN', 'That email is already registered.'));
    for (let n = 0; n < 3; n++) expect((await signUp(sut, n)).statusCode).toBe(409);
    expect((await signUp(sut, 3)).statusCode).toBe(429);
    await sut.app.close();
  });
});
