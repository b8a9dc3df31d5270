import { newId, type PrincipalRole } from '@ticres/shared';
import { importPKCS8, SignJWT } from 'jose';
import { SIGNING_ALGORITHM, type SigningKey } from '../domain/signing-key';

/** A key as jose imports it. */
type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

export interface AccessTokenIssuerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** The key that signs now: the newest whose `signsUntil` is in the future. */
  currentSigningKey: () => Promise<SigningKey>;
  now?: () => Date;
}

export interface IssuedAccessToken {
  token: string;
  /** Seconds from issue to expiry. */
  expiresIn: number;
}

/**
 * `userId` becomes `sub`: a user's id, or `service:<name>` with role `service`. A person's token
 * also names its session (`sid`, the refresh-token family) and the user's token version (`ver`),
 * so a logout or a role change can revoke it before it expires.
 */
export interface AccessTokenSubject {
  userId: string;
  role: PrincipalRole;
  sessionId?: string;
  tokenVersion?: number;
}

export interface AccessTokenIssuer {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
}

/** Signs short-lived EdDSA access tokens with the current key, named by `kid` in the header. */
export function createAccessTokenIssuer(options: AccessTokenIssuerOptions): AccessTokenIssuer {
  const { issuer, audience, ttlSeconds, currentSigningKey, now = () => new Date() } = options;
  // Kept until it stops signing: a key that is current stays usable even after another replica
  // rotated, so there is no need to ask the database on every login.
  let cached: { key: SigningKey; privateKey: PrivateKey } | undefined;

  async function signingKey(at: Date): Promise<{ key: SigningKey; privateKey: PrivateKey }> {
    if (cached && cached.key.signsUntil.getTime() > at.getTime()) return cached;
    const key = await currentSigningKey();
    cached = { key, privateKey: await importPKCS8(key.privateKeyPem, SIGNING_ALGORITHM) };
    return cached;
  }

  return {
    async issue({ userId, role, sessionId, tokenVersion }) {
      const at = now();
      const { key, privateKey } = await signingKey(at);
      const issuedAt = Math.floor(at.getTime() / 1000);
      // Never outlive the key: if the TTL grew since the key was made, its overlap is shorter.
      const expiresAt = Math.min(issuedAt + ttlSeconds, Math.floor(key.verifiesUntil.getTime() / 1000));
      const claims = { role, ...(sessionId === undefined ? {} : { sid: sessionId, ver: tokenVersion ?? 0 }) };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(newId())
        .sign(privateKey);
      return { token, expiresIn: expiresAt - issuedAt };
    },
  };
}
