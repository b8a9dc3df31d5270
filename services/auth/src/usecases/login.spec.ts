import { AppError, OverloadedError, type QueuePlace } from '@ticres/shared';
import type { UserCredentials } from '../domain/user';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { hashRefreshToken } from '../tokens/refresh-token-secret';
import { idlePlace, refusingPlace } from '../../test/support/password-places';
import { createLogin } from './login';
import type { NewRefreshTokenRecord } from './session-tokens';

const now = new Date('2030-01-01T00:00:00Z');
const ada: UserCredentials = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  name: 'Ada',
  email: 'Ada@Example.com',
  role: 'organizer',
  createdAt: now,
  tokenVersion: 0,
  passwordHash: 'hash-of:correct horse',
};

function setUp(user: UserCredentials = ada) {
  const inserted: NewRefreshTokenRecord[] = [];
  const compared: string[] = [];
  const lookedUp: string[] = [];
  const issuer: AccessTokenIssuer = { issue: async ({ userId, role }) => ({ token: `access:${userId}:${role}`, expiresIn: 900 }) };
  const loginIn = createLogin({
    users: {
      findCredentialsByEmail: async (email) => {
        lookedUp.push(email);
        return email.toLowerCase() === user.email.toLowerCase() ? user : undefined;
      },
    },
    refreshTokens: { insert: async (record) => void inserted.push(record) },
    // A fake bcrypt: the hash names the password it was made from.
    verifyPassword: async (password, hash) => {
      compared.push(hash);
      return hash === `hash-of:${password.slice(0, 72)}`;
    },
    dummyPasswordHash: 'dummy-hash',
    accessTokens: issuer,
    refreshTokenTtlSeconds: 3600,
    now: () => now,
  });
  /** In a place of an idle password queue unless the test gives one. */
  const login = (input: { email: string; password: string }, place: QueuePlace = idlePlace()) => loginIn(input, place);
  return { login, inserted, compared, lookedUp };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error('expected an AppError');
  return error;
}

describe('login', () => {
  it('returns a token pair and stores the refresh token as a hash in a new family', async () => {
    const { login, inserted } = setUp();
    const pair = await login({ email: '  ada@EXAMPLE.com ', password: 'correct horse' });

    expect(pair).toMatchObject({ accessToken: `access:${ada.id}:organizer`, tokenType: 'Bearer', expiresIn: 900 });
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ userId: ada.id, tokenHash: hashRefreshToken(pair.refreshToken), expiresAt: new Date(now.getTime() + 3600_000) });
  });

  it('starts a new family on every login', async () => {
    const { login, inserted } = setUp();
    await login({ email: ada.email, password: 'correct horse' });
    await login({ email: ada.email, password: 'correct horse' });
    expect(inserted[0]?.familyId).not.toBe(inserted[1]?.familyId);
  });

  it('answers an unknown email and a wrong password with the same error', async () => {
    const { login, inserted } = setUp();
    const unknown = await failure(login({ email: 'nobody@example.com', password: 'correct horse' }));
    const wrong = await failure(login({ email: ada.email, password: 'wrong horse!' }));
    expect(unknown.code).toBe('INVALID_CREDENTIALS');
    expect({ code: wrong.code, message: wrong.message }).toEqual({ code: unknown.code, message: unknown.message });
    expect(inserted).toHaveLength(0);
  });

  it('still runs a password comparison, against the dummy hash, when the email is unknown', async () => {
    const { login, compared } = setUp();
    await failure(login({ email: 'nobody@example.com', password: 'whatever1' }));
    expect(compared).toEqual(['dummy-hash']);
  });

  it.each([
    ['a NUL byte', 'Ada\u0000@Example.com'],
    ['a non-ASCII letter', 'Ad\u0130@Example.com'],
  ])('never looks up an address with %s, and still spends a comparison on it', async (_name, email) => {
    const { login, compared, lookedUp } = setUp();
    await expect(login({ email, password: 'correct horse' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(lookedUp).toEqual([]);
    expect(compared).toEqual(['dummy-hash']);
  });

  it('does the lookup and the comparison as the job of its place in the password queue', async () => {
    const order: string[] = [];
    const recording = (): QueuePlace => ({
      run: async (work) => {
        order.push('admitted');
        const result = await work();
        order.push('done');
        return result;
      },
      release: () => undefined,
    });
    const { login, lookedUp, compared } = setUp(ada);
    await login({ email: ada.email, password: 'correct horse' }, recording());
    await expect(login({ email: 'nobody@example.com', password: 'correct horse' }, recording())).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(order).toEqual(['admitted', 'done', 'admitted', 'done']);
    expect(lookedUp).toHaveLength(2);
    expect(compared).toHaveLength(2);
  });

  it('when the password queue refuses, answers OVERLOADED having looked up, compared and stored nothing', async () => {
    const { login, lookedUp, compared, inserted } = setUp(ada);
    const refused = await failure(login({ email: ada.email, password: 'correct horse' }, refusingPlace(new OverloadedError(3))));
    expect(refused).toBeInstanceOf(OverloadedError);
    expect((refused as OverloadedError).retryAfterSeconds).toBe(3);
    expect({ lookedUp, compared, inserted }).toEqual({ lookedUp: [], compared: [], inserted: [] });
  });

  it('refuses a password longer than 72 bytes even when bcrypt would match its prefix', async () => {
    const password72 = 'p'.repeat(72);
    const { login } = setUp({ ...ada, passwordHash: `hash-of:${password72}` });
    await expect(login({ email: ada.email, password: password72 })).resolves.toBeDefined();
    await expect(login({ email: ada.email, password: `${password72}extra` })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
