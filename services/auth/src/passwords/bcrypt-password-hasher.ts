import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * A hash of a random, never-used password at the same cost, for login to compare against when
   * the email is unknown. Computed once, at start.
   */
  dummyHash(): Promise<string>;
}

/** bcrypt through its async API, which hashes on libuv's thread pool instead of the event loop. */
export function createBcryptPasswordHasher(cost: number): PasswordHasher {
  return {
    hash: (password) => bcrypt.hash(password, cost),
    verify: (password, hash) => bcrypt.compare(password, hash),
    dummyHash: () => bcrypt.hash(randomBytes(18).toString('base64url'), cost),
  };
}
