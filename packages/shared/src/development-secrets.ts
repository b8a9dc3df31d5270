import { ConfigError } from './config';

/**
 * Every secret value the repository ships for local development (scripts/start.sh,
 * docker-compose.yml, the README): a service in production refuses to start with any of them.
 * Add a value here whenever a new development default appears anywhere.
 */
export const DEVELOPMENT_SECRETS: readonly string[] = [
  // NOTIFIER_SERVICE_SECRET and its entry in auth's SERVICE_SECRETS.
  'local-dev-notifier-secret',
  // PAYMENT_SERVICE_SECRET and its entry in auth's SERVICE_SECRETS.
  'local-dev-payment-secret',
  // GATEWAY_SERVICE_SECRET and its entry in auth's SERVICE_SECRETS.
  'local-dev-gateway-secret',
  // ADMIN_PASSWORD of the admin seed.
  'admin123',
  // The placeholders of .env.example (docker-compose), refused until someone replaces them.
  'change-me-notifier-service-secret',
  'change-me-payment-service-secret',
  'change-me-gateway-service-secret',
  'change-me-admin',
];

/** A secret setting as a service read it: its variable name and value(s); undefined or '' = missing. */
export interface SecretSetting {
  name: string;
  values: readonly (string | undefined)[];
}

/**
 * In production (NODE_ENV=production), throws ConfigError naming each secret that is missing or
 * is a development default; does nothing in development and test. Values are never echoed.
 */
export function refuseDevelopmentSecrets(nodeEnv: string, settings: readonly SecretSetting[]): void {
  if (nodeEnv !== 'production') return;
  const problems: string[] = [];
  for (const { name, values } of settings) {
    if (values.length === 0 || values.some((value) => value === undefined || value === '')) {
      problems.push(`${name}: is required in production`);
    } else if (values.some((value) => DEVELOPMENT_SECRETS.includes(value!))) {
      problems.push(`${name}: is a development default (see DEVELOPMENT_SECRETS); set a secret of your own in production`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
