import type { SigningKey } from '../domain/signing-key';
import type { Clock } from './transactional';

/** What anyone may know about a key: enough to verify, nothing to sign. */
export interface PublicKeyInfo {
  kid: string;
  alg: SigningKey['alg'];
  publicKeyPem: string;
  /** After this the key verifies nothing. */
  notAfter: Date;
}

export interface GetPublicKeysPorts {
  /** Keys whose `verifiesUntil` is after `at`, newest first. */
  signingKeys: { listVerifiable(at: Date): Promise<SigningKey[]> };
  now: Clock;
}

export type GetPublicKeys = () => Promise<PublicKeyInfo[]>;

/** The current key and every retired one still in its overlap. */
export function createGetPublicKeys({ signingKeys, now }: GetPublicKeysPorts): GetPublicKeys {
  return async () => {
    const keys = await signingKeys.listVerifiable(now());
    return keys.map((key) => ({ kid: key.kid, alg: key.alg, publicKeyPem: key.publicKeyPem, notAfter: key.verifiesUntil }));
  };
}
