/** The only JWS algorithm auth signs with (Ed25519). */
export const SIGNING_ALGORITHM = 'EdDSA';

/** A key pair that signs access tokens for a while, then only verifies them for a while longer. */
export interface SigningKey {
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  privateKeyPem: string;
  /** SubjectPublicKeyInfo, PEM. */
  publicKeyPem: string;
  createdAt: Date;
  /** No token is signed with the key from this instant on. */
  signsUntil: Date;
  /** No token verifies with the key from this instant on. */
  verifiesUntil: Date;
}

export interface SigningKeySchedule {
  signsUntil: Date;
  verifiesUntil: Date;
}

/**
 * A new key signs for one rotation period, and verifies for one access-token lifetime more, so a
 * token signed just before the switch stays valid until it expires.
 */
export function signingKeySchedule(now: Date, rotationSeconds: number, accessTokenTtlSeconds: number): SigningKeySchedule {
  const signsUntil = new Date(now.getTime() + rotationSeconds * 1000);
  return { signsUntil, verifiesUntil: new Date(signsUntil.getTime() + accessTokenTtlSeconds * 1000) };
}
