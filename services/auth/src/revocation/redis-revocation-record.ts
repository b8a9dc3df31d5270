import { AppError, revocationKeys } from '@ticres/shared';
import type { Redis } from 'ioredis';
import type { RevocationRecord } from '../usecases/revocation-record';

/** Sets the key to ARGV[1] unless it already holds as much: out-of-order writers never lower it. */
const RAISE_TO = `
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1`;

export interface RedisRevocationRecordOptions {
  prefix: string;
  /** How long a record is kept: the access-token lifetime, after which what it refuses has expired. */
  ttlSeconds: number;
}

const notRecorded = () => new AppError('UNAVAILABLE', 'The change is saved but could not be applied to issued tokens yet; try again.');

/** The revocation record every gateway reads (see `revocation-record.ts` in @ticres/shared). */
export function createRedisRevocationRecord(redis: Redis, { prefix, ttlSeconds }: RedisRevocationRecordOptions): RevocationRecord {
  const keys = revocationKeys(prefix);
  const recorded = async (write: Promise<unknown>) => {
    await write.catch(() => {
      throw notRecorded();
    });
  };
  return {
    raiseMinimumVersion: (userId, version) => recorded(redis.eval(RAISE_TO, 1, keys.user(userId), version, ttlSeconds)),
    revokeSession: (sessionId) => recorded(redis.set(keys.session(sessionId), '1', 'EX', ttlSeconds)),
  };
}
