import type { authV1 } from '@ticres/proto';
import type { User } from '../domain/user';
import type { Contact } from '../usecases/get-contact';
import type { PublicKeyInfo } from '../usecases/get-public-keys';
import type { TokenPair } from '../usecases/session-tokens';

export function toProtoUser(user: User): authV1.User {
  return { id: user.id, name: user.name, email: user.email, role: user.role, created_at: user.createdAt.toISOString() };
}

export function toProtoTokenPair(pair: TokenPair): authV1.TokenPair {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: pair.tokenType,
    expires_in: pair.expiresIn,
  };
}

export function toProtoPublicKey(key: PublicKeyInfo): authV1.PublicKey {
  return { kid: key.kid, alg: key.alg, public_key_pem: key.publicKeyPem, not_after: key.notAfter.toISOString() };
}

export function toProtoContact(contact: Contact): authV1.Contact {
  return { user_id: contact.userId, name: contact.name, email: contact.email };
}
