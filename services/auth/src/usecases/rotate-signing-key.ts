import { newId } from '@ticres/shared';
import { SIGNING_ALGORITHM, signingKeySchedule, type SigningKey } from '../domain/signing-key';
import type { SigningKeyPair } from '../tokens/signing-key-pair';
import type { Clock, InTransaction } from './transactional';

export interface RotateSigningKeyStore {
  /** Held until the transaction ends, so replicas rotating together create one key, not two. */
  lockRotation(): Promise<void>;
  /** The newest key whose `signsUntil` is after `at`. */
  findSigning(at: Date): Promise<SigningKey | undefined>;
  insert(key: SigningKey): Promise<void>;
}

export interface RotateSigningKeyPorts {
  inTransaction: InTransaction<RotateSigningKeyStore>;
  generateKeyPair: () => SigningKeyPair;
  rotationSeconds: number;
  accessTokenTtlSeconds: number;
  now: Clock;
}

export interface Rotation {
  /** The key that signs now. */
  key: SigningKey;
  created: boolean;
}

export type RotateSigningKey = () => Promise<Rotation>;

/**
 * Makes sure a key signs now: creates one when every key has stopped signing. Runs at start, on a
 * timer, and whenever the issuer finds no signing key. Private keys stay in auth's own schema; a
 * production deployment would keep them in a KMS and store only a reference here.
 */
export function createRotateSigningKey(ports: RotateSigningKeyPorts): RotateSigningKey {
  const { inTransaction, generateKeyPair, rotationSeconds, accessTokenTtlSeconds, now } = ports;
  return () =>
    inTransaction(async (store) => {
      await store.lockRotation();
      const at = now();
      const current = await store.findSigning(at);
      if (current) return { key: current, created: false };
      const key: SigningKey = {
        kid: newId(),
        alg: SIGNING_ALGORITHM,
        ...generateKeyPair(),
        createdAt: at,
        ...signingKeySchedule(at, rotationSeconds, accessTokenTtlSeconds),
      };
      await store.insert(key);
      return { key, created: true };
    });
}
