import { asRole } from '@ticres/shared/testing';
import { startAuthService, type RunningAuthService } from '../../src/auth-service';
import { loadAuthConfig } from '../../src/config';
import { AUTH_ROLE, privateRedisKeys, silentLogger } from './auth-database';

/**
 * The real auth service, in process on a free port, in the database at `databaseAdminUrl` (its
 * schema and role created by MIGRATE_ON_START), for another service's tests that need real tokens
 * and public keys. `serviceSecrets` (service -> secret) lets those services trade their secret for
 * a service token.
 */
export function startAuthForTests(databaseAdminUrl: string, serviceSecrets: Record<string, string> = {}): Promise<RunningAuthService> {
  const secrets = Object.entries(serviceSecrets).map(([service, secret]) => `${service}=${secret}`);
  return startAuthService(
    loadAuthConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      GRPC_BIND: '127.0.0.1:0',
      DATABASE_URL: asRole(databaseAdminUrl, AUTH_ROLE),
      DATABASE_ADMIN_URL: databaseAdminUrl,
      MIGRATE_ON_START: 'true',
      BCRYPT_COST: '4',
      // Other services' tests sign every person up from 127.0.0.1.
      REGISTER_LIMIT_PER_IP: '1000000',
      ...privateRedisKeys(databaseAdminUrl),
      ...(secrets.length > 0 ? { SERVICE_SECRETS: secrets.join(',') } : {}),
    }),
    { logger: silentLogger },
  );
}
