import { createHash, randomBytes } from 'node:crypto';

/** A new opaque refresh token: 32 random bytes, base64url. Shown to the client once. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps instead of the token: SHA-256, hex. The token carries 256 bits of
 * randomness, so an unsalted fast hash is enough; a leaked table gives no usable token.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
