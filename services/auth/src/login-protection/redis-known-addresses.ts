import type { Logger } from '@ticres/shared';
import type { Redis } from 'ioredis';
import type { KnownAddresses } from '../usecases/login-throttle';

export interface RedisKnownAddressesOptions {
  /** Keys are `<prefix>:known:<account>:<address>`. */
  prefix: string;
  /** How long an address stays known after the account's last login from it. */
  ttlSeconds: number;
  logger: Logger;
}

/**
 * The addresses each account logged in from, one expiring key per pair, shared by every auth
 * replica. While Redis is out of reach every address counts as new (the account-wide and
 * per-address limits then apply to all, counted per process), and nothing is remembered.
 */
export function createRedisKnownAddresses(redis: Redis, { prefix, ttlSeconds, logger }: RedisKnownAddressesOptions): KnownAddresses {
  const keyOf = (account: string, address: string) => `${prefix}:known:${account}:${address}`;
  // Warned once per outage, not once per login.
  let failing = false;
  const attempt = async <T>(command: () => Promise<T>, otherwise: T): Promise<T> => {
    try {
      const result = await command();
      failing = false;
      return result;
    } catch (error) {
      if (!failing) logger.warn({ err: error }, 'login limits: known addresses out of reach; every address counts as new');
      failing = true;
      return otherwise;
    }
  };
  return {
    isKnown: (account, address) => attempt(async () => (await redis.exists(keyOf(account, address))) === 1, false),
    remember: (account, address) => attempt(async () => void (await redis.set(keyOf(account, address), '1', 'EX', ttlSeconds)), undefined),
  };
}
