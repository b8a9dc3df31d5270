import { availableParallelism } from 'node:os';
import { ConfigError } from '@ticres/shared';
import { loadAuthConfig } from './config';

describe('loadAuthConfig', () => {
  it('has the documented defaults', () => {
    expect(loadAuthConfig({})).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      METRICS_PORT: 9451,
      METRICS_BIND: '127.0.0.1',
      SHUTDOWN_DRAIN_MS: 0,
      HEALTH_CHECK_INTERVAL_MS: 2_000,
      GRPC_BIND: '127.0.0.1:50051',
      GRPC_MAX_IN_FLIGHT: 1_000,
      DATABASE_URL: 'postgres://ticres_auth:ticres_auth@127.0.0.1:5432/ticres',
      DATABASE_ADMIN_URL: undefined,
      MIGRATE_ON_START: false,
      BCRYPT_COST: 12,
      PASSWORD_WORKERS: availableParallelism(),
      PASSWORD_WORKER_NICE: 0,
      PASSWORD_QUEUE_LENGTH: 64,
      PASSWORD_MAX_WAIT_MS: 5_000,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 2_592_000,
      JWT_ISSUER: 'ticres-auth',
      JWT_AUDIENCE: 'ticres',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REVOCATION_KEY_PREFIX: 'ticres:revoked',
      SIGNING_KEY_ROTATION_SECONDS: 604_800,
      LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: 5,
      LOGIN_LIMIT_PER_ADDRESS: 20,
      LOGIN_LIMIT_WINDOW_SECONDS: 60,
      LOGIN_LIMIT_PER_ACCOUNT: 20,
      LOGIN_ACCOUNT_LIMIT_WINDOW_SECONDS: 900,
      LOGIN_KNOWN_ADDRESS_TTL_SECONDS: 7_776_000,
      LOGIN_LIMIT_KEY_PREFIX: 'ticres:login',
      REGISTER_LIMIT_PER_IP: 10,
      REGISTER_LIMIT_WINDOW_SECONDS: 3_600,
      WRITE_LIMIT_PER_USER: 60,
      WRITE_LIMIT_WINDOW_SECONDS: 60,
      WRITE_LIMIT_KEY_PREFIX: 'ticres:writes',
      SERVICE_SECRETS: new Map(),
    });
  });

  it('refuses to start in production with no SERVICE_SECRETS or with a development secret in it, naming the variable', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/SERVICE_SECRETS: is required in production/);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', SERVICE_SECRETS: 'notifier=local-dev-notifier-secret' })).toThrow(
      /SERVICE_SECRETS: is a development default/,
    );
    expect(() => loadAuthConfig({ NODE_ENV: 'production', SERVICE_SECRETS: 'notifier=a-secret-of-our-own-0123' })).toThrow(
      /SERVICE_SECRETS \(gateway=\.\.\.\): is required in production/,
    );
    expect(() =>
      loadAuthConfig({ NODE_ENV: 'production', SERVICE_SECRETS: 'notifier=a-secret-of-our-own-0123,gateway=local-dev-gateway-secret' }),
    ).toThrow(/SERVICE_SECRETS: is a development default/);
    const production = loadAuthConfig({ NODE_ENV: 'production', SERVICE_SECRETS: 'notifier=a-secret-of-our-own-0123,gateway=another-secret-of-ours-45' });
    expect(production.SERVICE_SECRETS.size).toBe(2);
    // Development keeps working with the documented default.
    expect(loadAuthConfig({ SERVICE_SECRETS: 'notifier=local-dev-notifier-secret' }).SERVICE_SECRETS.size).toBe(1);
  });

  it('parses values from the environment and treats an empty admin URL as unset', () => {
    const config = loadAuthConfig({ BCRYPT_COST: '4', MIGRATE_ON_START: 'true', DATABASE_ADMIN_URL: '', GRPC_BIND: '127.0.0.1:0' });
    expect(config).toMatchObject({ BCRYPT_COST: 4, MIGRATE_ON_START: true, DATABASE_ADMIN_URL: undefined, GRPC_BIND: '127.0.0.1:0' });
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadAuthConfig({ BCRYPT_COST: '16', GRPC_BIND: 'nowhere', MIGRATE_ON_START: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    for (const name of ['BCRYPT_COST', 'GRPC_BIND', 'MIGRATE_ON_START']) {
      expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('refuses a per-process bound that a login storm alone could fill', () => {
    expect(() => loadAuthConfig({ GRPC_MAX_IN_FLIGHT: '66', PASSWORD_WORKERS: '2', PASSWORD_QUEUE_LENGTH: '64' })).toThrow(
      /GRPC_MAX_IN_FLIGHT: must be more than PASSWORD_WORKERS \+ PASSWORD_QUEUE_LENGTH \(66\)/,
    );
    expect(loadAuthConfig({ GRPC_MAX_IN_FLIGHT: '67', PASSWORD_WORKERS: '2', PASSWORD_QUEUE_LENGTH: '64' }).GRPC_MAX_IN_FLIGHT).toBe(67);
    expect(() => loadAuthConfig({ PASSWORD_WORKERS: '0', PASSWORD_WORKER_NICE: '20' })).toThrow(/PASSWORD_WORKERS[\s\S]*PASSWORD_WORKER_NICE/);
  });

  it('parses SERVICE_SECRETS into a map and names the variable when an entry is bad', () => {
    expect(loadAuthConfig({ SERVICE_SECRETS: 'notifier=notifier-secret-0123' }).SERVICE_SECRETS).toEqual(new Map([['notifier', 'notifier-secret-0123']]));
    expect(() => loadAuthConfig({ SERVICE_SECRETS: 'notifier=short' })).toThrow(/SERVICE_SECRETS: the secret of notifier/);
  });

  it('refuses a bcrypt cost below 4', () => {
    expect(() => loadAuthConfig({ BCRYPT_COST: '3' })).toThrow(/BCRYPT_COST/);
  });
});
