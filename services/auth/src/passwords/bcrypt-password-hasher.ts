import { randomBytes } from 'node:crypto';
import type { BcryptWorkerPool } from './bcrypt-worker-pool';

export interface PasswordHasher {
  hash: (password: string) => Promise<string>;
  verify: (password: string, hash: string) => Promise<boolean>;
  /**
   * A hash of a random, never-used password at the same cost, for login to compare against when
   * the email is unknown. Computed once, at start.
   */
  dummyHash(): Promise<string>;
}

/** bcrypt at the configured cost on the pool's worker threads, off the event loop and off libuv's pool. */
export function createBcryptPasswordHasher(cost: number, workers: BcryptWorkerPool): PasswordHasher {
  return {
    hash: (password) => workers.hash(password, cost),
    verify: (password, hash) => workers.compare(password, hash),
    dummyHash: () => workers.hash(randomBytes(18).toString('base64url'), cost),
  };
}
