import { AppError, createTokenVerifier, newId, type VerificationKey } from '@ticres/shared';
import { decodeJwt, decodeProtectedHeader, importPKCS8, SignJWT } from 'jose';
import { signingKeySchedule, type SigningKey } from '../domain/signing-key';
import { createGetPublicKeys } from '../usecases/get-public-keys';
import { createAccessTokenIssuer } from './access-token-issuer';
import { generateSigningKeyPair } from './signing-key-pair';

const ISSUER = 'ticres-auth';
const AUDIENCE = 'ticres';
const TTL = 900;
const t0 = new Date('2030-01-01T00:00:00Z');

function signingKey(createdAt: Date, rotationSeconds = 3600): SigningKey {
  return { kid: newId(), alg: 'EdDSA', ...generateSigningKeyPair(), createdAt, ...signingKeySchedule(createdAt, rotationSeconds, TTL) };
}

/** A verifier fed the way auth feeds its own: GetPublicKeys over the stored keys, at time `clock`. */
function verifierOver(keys: SigningKey[], clock: () => Date) {
  const getPublicKeys = createGetPublicKeys({
    signingKeys: { listVerifiable: async (at) => keys.filter((k) => k.verifiesUntil > at) },
    now: clock,
  });
  return createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithm: 'EdDSA',
    loadKeys: async (): Promise<VerificationKey[]> =>
      (await getPublicKeys()).map((k) => ({ kid: k.kid, alg: k.alg, public_key_pem: k.publicKeyPem, not_after: k.notAfter.toISOString() })),
    minReloadIntervalMs: 0,
    now: () => clock().getTime(),
  });
}

function issuerWith(key: SigningKey, clock: () => Date, ttlSeconds = TTL) {
  return createAccessTokenIssuer({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds, currentSigningKey: async () => key, now: clock });
}

describe('access-token issuer', () => {
  it('issues an EdDSA JWT with kid, sub, role, iss, aud, iat, exp and jti', async () => {
    const key = signingKey(t0);
    const { token, expiresIn } = await issuerWith(key, () => t0).issue({ userId: 'user-1', role: 'organizer' });

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    const claims = decodeJwt(token);
    const iat = t0.getTime() / 1000;
    expect(claims).toEqual({
      sub: 'user-1',
      role: 'organizer',
      iss: ISSUER,
      aud: AUDIENCE,
      iat,
      exp: iat + TTL,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(expiresIn).toBe(TTL);
  });

  it('verifies with the public key through the shared verifier', async () => {
    const key = signingKey(t0);
    const { token } = await issuerWith(key, () => t0).issue({ userId: 'user-1', role: 'admin' });
    await expect(verifierOver([key], () => t0).verify(token)).resolves.toEqual({ userId: 'user-1', role: 'admin' });
  });

  it('is rejected for another audience or issuer', async () => {
    const key = signingKey(t0);
    const { token } = await issuerWith(key, () => t0).issue({ userId: 'user-1', role: 'customer' });
    const other = createTokenVerifier({
      issuer: ISSUER,
      audience: 'someone-else',
      algorithm: 'EdDSA',
      loadKeys: async () => [{ kid: key.kid, alg: 'EdDSA', public_key_pem: key.publicKeyPem, not_after: key.verifiesUntil.toISOString() }],
      now: () => t0.getTime(),
    });
    await expect(other.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps a token from a key that stopped signing valid during the overlap', async () => {
    const key = signingKey(t0);
    const justBeforeSwitch = new Date(key.signsUntil.getTime() - 1000);
    const { token } = await issuerWith(key, () => justBeforeSwitch).issue({ userId: 'u', role: 'customer' });
    const afterSwitch = new Date(key.signsUntil.getTime() + 60_000);
    await expect(verifierOver([key], () => afterSwitch).verify(token)).resolves.toMatchObject({ userId: 'u' });
  });

  it('rejects a token signed by a retired key once its verifies_until has passed', async () => {
    const retired = signingKey(t0);
    // Signed with the retired key but claiming a far expiry, so only the key's retirement can stop it.
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA', kid: retired.kid })
      .setSubject('u')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(t0.getTime() / 1000)
      .setExpirationTime(t0.getTime() / 1000 + 365 * 86_400)
      .sign(await importPKCS8(retired.privateKeyPem, 'EdDSA'));
    const current = signingKey(retired.signsUntil);

    const during = new Date(retired.verifiesUntil.getTime() - 1000);
    await expect(verifierOver([current, retired], () => during).verify(token)).resolves.toMatchObject({ role: 'admin' });
    const after = new Date(retired.verifiesUntil.getTime() + 1000);
    const error = await verifierOver([current, retired], () => after)
      .verify(token)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never lets a token outlive its key, even when the TTL grew after the key was made', async () => {
    const key = signingKey(t0);
    const nearEnd = new Date(key.signsUntil.getTime() - 1000);
    const { token, expiresIn } = await issuerWith(key, () => nearEnd, TTL * 4).issue({ userId: 'u', role: 'customer' });
    expect(decodeJwt(token).exp).toBe(key.verifiesUntil.getTime() / 1000);
    expect(expiresIn).toBe(TTL + 1);
  });

  it('asks for the current key again once the cached one stops signing', async () => {
    const first = signingKey(t0);
    const second = signingKey(first.signsUntil);
    let clock = t0;
    const currentSigningKey = jest.fn(async () => (clock < first.signsUntil ? first : second));
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL, currentSigningKey, now: () => clock });

    const a = await issuer.issue({ userId: 'u', role: 'customer' });
    const b = await issuer.issue({ userId: 'u', role: 'customer' });
    expect(currentSigningKey).toHaveBeenCalledTimes(1);
    clock = first.signsUntil;
    const c = await issuer.issue({ userId: 'u', role: 'customer' });
    expect(currentSigningKey).toHaveBeenCalledTimes(2);
    expect([a, b, c].map((t) => decodeProtectedHeader(t.token).kid)).toEqual([first.kid, first.kid, second.kid]);
  });
});
