import { createHmac } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** An Ed25519 key pair with its kid, as auth would publish it. */
export interface SigningKey {
  kid: string;
  privateKey: PrivateKey;
  publicKeyPem: string;
}

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { kid, privateKey, publicKeyPem: await exportSPKI(publicKey) };
}

export interface Claims {
  sub?: string;
  role?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  exp?: number;
  /** Session (refresh-token family) and token version, as auth signs a person's token. */
  sid?: string;
  ver?: number;
}

/** Signs an EdDSA access token the way auth does; each claim can be overridden to forge a bad one. */
export async function signAccessToken(key: SigningKey, claims: Claims = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const session = claims.sid === undefined ? {} : { sid: claims.sid, ver: claims.ver ?? 0 };
  return new SignJWT({ role: claims.role ?? 'customer', ...session })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub ?? '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69')
    .setIssuer(claims.iss ?? 'ticres-auth')
    .setAudience(claims.aud ?? 'ticres')
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 900)
    .sign(key.privateKey);
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function partsOf(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}

const decodePart = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString());

/** The token's claims with `alg: none` and no signature. */
export function unsignedCopy(token: string): string {
  const [header, payload] = partsOf(token);
  return `${b64url(JSON.stringify({ ...decodePart(header), alg: 'none' }))}.${payload}.`;
}

/**
 * The classic key-confusion attack: the same claims signed HS256 with the public key PEM as the
 * HMAC secret, for a verifier that would take the algorithm from the header.
 */
export function hmacWithPublicKey(token: string, publicKeyPem: string): string {
  const [header, payload] = partsOf(token);
  const signingInput = `${b64url(JSON.stringify({ ...decodePart(header), alg: 'HS256' }))}.${payload}`;
  const signature = createHmac('sha256', publicKeyPem).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The token with claims changed and the original signature kept. */
export function tamperedCopy(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = partsOf(token);
  return `${header}.${b64url(JSON.stringify({ ...decodePart(payload), ...changes }))}.${signature}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return decodePart(partsOf(token)[1]);
}

export function headerOf(token: string): Record<string, unknown> {
  return decodePart(partsOf(token)[0]);
}
