import { randomBytes } from 'node:crypto';
import { formatPublisherUsers } from '@ticres/shared';
import { asRole, testAmqpUrl, testPublisherUsers, testRedisUrl } from '@ticres/shared/testing';
import { loadBookingConfig, type BookingConfig } from '../../src/config';

export interface BookingOverGrpcSetting {
  /** Admin URL of the run's database; booking bootstraps its role and schema there (MIGRATE_ON_START). */
  databaseUrl: string;
  authPort: number;
  exchange: string;
  queue: string;
}

/** A WRITE_LIMIT_KEY_PREFIX of the run's own; delete its keys after the run (deleteTestRedisKeys). */
export const testWriteLimitPrefix = (): string => `ticres:writes:test:${randomBytes(6).toString('hex')}`;

/**
 * The configuration of the real booking service in a test: a free port, its own role on the run's
 * database, the test broker and Redis, and `overrides` (WRITE_LIMIT_KEY_PREFIX among them).
 */
export function bookingOverGrpcConfig({ databaseUrl, authPort, exchange, queue }: BookingOverGrpcSetting, overrides: NodeJS.ProcessEnv): BookingConfig {
  return loadBookingConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GRPC_BIND: '127.0.0.1:0',
    DATABASE_URL: asRole(databaseUrl, 'ticres_booking'),
    DATABASE_ADMIN_URL: databaseUrl,
    MIGRATE_ON_START: 'true',
    DB_POOL_SIZE: '5',
    AUTH_GRPC_URL: `127.0.0.1:${authPort}`,
    AMQP_URL: testAmqpUrl(),
    AMQP_PUBLISHER_USERS: formatPublisherUsers(testPublisherUsers()),
    AMQP_EXCHANGE: exchange,
    AMQP_QUEUE: queue,
    REDIS_URL: testRedisUrl(),
    ...overrides,
  });
}
