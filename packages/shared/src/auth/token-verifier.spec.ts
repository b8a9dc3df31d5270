import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { createTokenVerifier, requireRole, requireService, requireUser, type VerificationKey } from './token-verifier';

const ISSUER = 'ticres-auth';
const AUDIENCE = 'ticres';
const NOW = Date.parse('2026-01-01T00:00:00Z');

function keyPair(kid: string, notAfter = NOW + 3_600_000) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const published: VerificationKey = { kid, alg: 'EdDSA', public_key_pem: publicPem, not_after: new Date(notAfter).toISOString() };
  return { published, privatePem, publicPem };
}

async function sign(privatePem: string, kid: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const jwt = new SignJWT({ role: 'customer', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid, ...header })
    .setSubject('0190a000-0000-7000-8000-000000000001')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(NOW / 1000))
    .setExpirationTime(Math.floor(NOW / 1000) + 900);
  for (const [name, value] of Object.entries(claims)) {
    if (name === 'iss') jwt.setIssuer(String(value));
    if (name === 'aud') jwt.setAudience(String(value));
    if (name === 'exp') jwt.setExpirationTime(Number(value));
    if (name === 'sub') jwt.setSubject(String(value));
  }
  return jwt.sign(await importPKCS8(privatePem, 'EdDSA'));
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('createTokenVerifier', () => {
  const current = keyPair('current');
  const published = [current.published];
  const sleeps: number[] = [];
  let loads = 0;
  let now = NOW;
  const verifier = createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithm: 'EdDSA',
    minReloadIntervalMs: 10_000,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    loadKeys: async () => {
      loads += 1;
      return [...published];
    },
  });

  beforeEach(() => {
    now = NOW;
  });

  it('accepts a token signed by a published key and returns the principal', async () => {
    const token = await sign(current.privatePem, 'current', { role: 'organizer' });
    await expect(verifier.verify(token)).resolves.toEqual({
      userId: '0190a000-0000-7000-8000-000000000001',
      role: 'organizer',
    });
  });

  it.each([
    ['a missing token', async () => undefined],
    [
      'alg none',
      async () => `${b64({ alg: 'none', kid: 'current' })}.${b64({ sub: 'x', role: 'admin', iss: ISSUER, aud: AUDIENCE, exp: NOW / 1000 + 60 })}.`,
    ],
    [
      'HS256 signed with the public key as secret',
      async () => {
        const body = `${b64({ alg: 'HS256', kid: 'current', typ: 'JWT' })}.${b64({ sub: 'x', role: 'admin', iss: ISSUER, aud: AUDIENCE, exp: NOW / 1000 + 60 })}`;
        return `${body}.${createHmac('sha256', current.publicPem).update(body).digest('base64url')}`;
      },
    ],
    ['an expired token', async () => sign(current.privatePem, 'current', { exp: Math.floor(NOW / 1000) - 1 })],
    ['a wrong audience', async () => sign(current.privatePem, 'current', { aud: 'someone-else' })],
    ['a wrong issuer', async () => sign(current.privatePem, 'current', { iss: 'evil' })],
    ['an unknown role', async () => sign(current.privatePem, 'current', { role: 'root' })],
    ['role service with a user id as subject', async () => sign(current.privatePem, 'current', { role: 'service' })],
    ['role service naming no service', async () => sign(current.privatePem, 'current', { role: 'service', sub: 'service:' })],
    ['a user role with a service subject', async () => sign(current.privatePem, 'current', { role: 'admin', sub: 'service:notifier' })],
    ['an unknown kid', async () => sign(keyPair('stranger').privatePem, 'stranger')],
    ['a foreign key claiming a known kid', async () => sign(keyPair('current').privatePem, 'current')],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await sign(current.privatePem, 'current')).split('.');
        return `${header}.${b64({ sub: 'x', role: 'admin', iss: ISSUER, aud: AUDIENCE, exp: NOW / 1000 + 60 })}.${signature}`;
      },
    ],
  ])('rejects %s as UNAUTHENTICATED', async (_name, makeToken) => {
    await expect(verifier.verify(await makeToken())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('accepts a service token as role service with its service:<name> subject', async () => {
    const token = await sign(current.privatePem, 'current', { role: 'service', sub: 'service:notifier' });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'service:notifier', role: 'service' });
  });

  it('refuses a service token where a person must be calling, and accepts a user there', async () => {
    const service = await sign(current.privatePem, 'current', { role: 'service', sub: 'service:notifier' });
    await expect(verifier.verifyUser(service)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.verifyUser(await sign(current.privatePem, 'current'))).resolves.toMatchObject({ role: 'customer' });
  });

  it('rejects tokens of a key past its not_after', async () => {
    const retiring = keyPair('retiring', NOW + 1_000);
    const withRetiring = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithm: 'EdDSA',
      now: () => now,
      loadKeys: async () => [retiring.published],
    });
    const token = await sign(retiring.privatePem, 'retiring');
    await expect(withRetiring.verify(token)).resolves.toMatchObject({ role: 'customer' });
    now = NOW + 2_000;
    await expect(withRetiring.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('stops accepting a token it verified before once the token expires', async () => {
    const token = await sign(current.privatePem, 'current');
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'customer' });
    now = NOW + 899_000;
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'customer' });
    now = NOW + 901_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('shares one reload per interval among tokens with unknown kids, waiting rather than refusing', async () => {
    const stranger = await sign(keyPair('stranger').privatePem, 'stranger');
    now = NOW + 60_000;
    await verifier.verify(stranger).catch(() => undefined);
    const before = loads;
    sleeps.length = 0;
    await Promise.all(Array.from({ length: 20 }, () => verifier.verify(stranger).catch(() => undefined)));
    expect(loads).toBe(before + 1);
    expect(sleeps).toEqual([10_000]);
  });

  it('accepts a key published just after a reload', async () => {
    now = NOW + 200_000;
    await verifier.verify(await sign(keyPair('stranger').privatePem, 'stranger')).catch(() => undefined);
    const next = keyPair('next', NOW + 10_000_000);
    published.push(next.published);
    await expect(verifier.verify(await sign(next.privatePem, 'next'))).resolves.toMatchObject({ role: 'customer' });
  });

  it('rejects a token without exp', async () => {
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'current' })
      .setSubject('0190a000-0000-7000-8000-000000000001')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(NOW / 1000))
      .sign(await importPKCS8(current.privatePem, 'EdDSA'));
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('requireRole', () => {
  it('passes a listed role and refuses others with FORBIDDEN', () => {
    expect(() => requireRole({ userId: 'u', role: 'admin' }, 'admin')).not.toThrow();
    expect(() => requireRole({ userId: 'u', role: 'customer' }, 'admin', 'organizer')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('requireService', () => {
  it('returns the name of an allowed service and refuses a person, an admin included, with FORBIDDEN', () => {
    expect(requireService({ userId: 'service:notifier', role: 'service' }, ['notifier'])).toBe('notifier');
    expect(() => requireService({ userId: 'u', role: 'admin' }, ['notifier'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('refuses a service that is not among the allowed ones', () => {
    expect(() => requireService({ userId: 'service:payment', role: 'service' }, ['notifier'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('requireUser', () => {
  it('passes every user role and refuses a service with UNAUTHENTICATED', () => {
    for (const role of ['customer', 'organizer', 'admin'] as const) expect(() => requireUser({ userId: 'u', role })).not.toThrow();
    expect(() => requireUser({ userId: 'service:notifier', role: 'service' })).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
