import { decodeProtectedHeader } from 'jose';
import { composeAuth as composeAuthWith, type AuthComponents } from '../src/compose';
import { createAuthTestDatabase, manualClock, silentLogger, testConfig, type AuthTestDatabase } from './support/auth-database';

const ROTATION_SECONDS = 3600;
const ACCESS_TTL_SECONDS = 900;

describe('signing-key rotation in Postgres', () => {
  let db: AuthTestDatabase;
  const clock = manualClock(new Date('2031-01-01T00:00:00Z'));
  const config = () => testConfig(db, { SIGNING_KEY_ROTATION_SECONDS: String(ROTATION_SECONDS), ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS) });
  /** Every composition made here, closed (threads, Redis connections) after the tests. */
  const composed: AuthComponents[] = [];
  const composeAuth = async (...args: Parameters<typeof composeAuthWith>) => {
    const auth = await composeAuthWith(...args);
    composed.push(auth);
    return auth;
  };

  beforeAll(async () => {
    db = await createAuthTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(composed.map((auth) => auth.close()));
    await db.drop();
  });

  const keyCount = async () => (await db.pool.query<{ n: number }>(/* sql */ `SELECT count(*)::int AS n FROM signing_keys`)).rows[0]?.n;

  it('creates one key when two replicas rotate at once', async () => {
    const replicaA = await composeAuth(db.newPool(), config(), { logger: silentLogger, now: clock.now });
    const replicaB = await composeAuth(db.newPool(), config(), { logger: silentLogger, now: clock.now });

    const rotations = await Promise.all([replicaA.rotateSigningKey(), replicaB.rotateSigningKey(), replicaA.rotateSigningKey()]);

    expect(await keyCount()).toBe(1);
    expect(rotations.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(rotations.map((r) => r.key.kid)).size).toBe(1);
  });

  it('replaces the key after signs_until and serves the old one until verifies_until', async () => {
    const auth = await composeAuth(db.pool, config(), { logger: silentLogger, now: clock.now });
    const { key: old } = await auth.rotateSigningKey();
    await auth.registerUser({ name: 'Kim', email: 'kim@example.com', password: 'rotation pass' });

    // Still inside the old key's signing window: no new key, tokens carry the old kid.
    clock.set(new Date(old.signsUntil.getTime() - 1000));
    await expect(auth.rotateSigningKey()).resolves.toMatchObject({ created: false, key: { kid: old.kid } });
    const before = await auth.login({ email: 'kim@example.com', password: 'rotation pass' }, '127.0.0.1');
    expect(decodeProtectedHeader(before.accessToken).kid).toBe(old.kid);

    clock.set(old.signsUntil);
    const rotation = await auth.rotateSigningKey();
    expect(rotation.created).toBe(true);
    expect(rotation.key.kid).not.toBe(old.kid);
    expect(old.verifiesUntil.getTime() - old.signsUntil.getTime()).toBe(ACCESS_TTL_SECONDS * 1000);

    const after = await auth.login({ email: 'kim@example.com', password: 'rotation pass' }, '127.0.0.1');
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(rotation.key.kid);
    expect((await auth.getPublicKeys()).map((k) => k.kid)).toEqual([rotation.key.kid, old.kid]);
    // A token signed just before the switch still verifies during the overlap.
    await expect(auth.verifier.verify(before.accessToken)).resolves.toMatchObject({ role: 'customer' });

    clock.set(new Date(old.verifiesUntil.getTime() - 1));
    expect((await auth.getPublicKeys()).map((k) => k.kid)).toEqual([rotation.key.kid, old.kid]);
    clock.set(old.verifiesUntil);
    const served = await auth.getPublicKeys();
    expect(served.map((k) => k.kid)).toEqual([rotation.key.kid]);
    expect(served[0]).toMatchObject({ alg: 'EdDSA', notAfter: rotation.key.verifiesUntil, publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
  });

  it('signs with a new key even when the timer has not run yet', async () => {
    const auth = await composeAuth(db.pool, config(), { logger: silentLogger, now: clock.now });
    const { key: current } = await auth.rotateSigningKey();
    await auth.registerUser({ name: 'Lee', email: 'lee@example.com', password: 'rotation pass' });
    await auth.login({ email: 'lee@example.com', password: 'rotation pass' }, '127.0.0.1');

    clock.set(current.signsUntil);
    const token = await auth.login({ email: 'lee@example.com', password: 'rotation pass' }, '127.0.0.1');
    const kid = decodeProtectedHeader(token.accessToken).kid;
    expect(kid).not.toBe(current.kid);
    expect((await auth.getPublicKeys())[0]?.kid).toBe(kid);
  });
});
