import { dependenciesOf, environmentOf, healthcheckText, type ComposeFile } from './compose-file';
import { addressOf, userOf } from './addresses';
import { isKnownVariable, MIGRATED_SERVICES, requiredVariables, SERVICE_CONFIGS, type ServiceConfig } from './service-configs';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Each TicRes service's environment against its config schema: no unknown variable, every
 * required one set, the service's own loader accepts it, and every address it would use points at
 * a compose service on the port that service listens on (a default of 127.0.0.1 is the container
 * itself). Returns one line per problem; none means the stack is wired as the services expect.
 */
export function checkServiceEnvironments(compose: ComposeFile): string[] {
  return Object.entries(SERVICE_CONFIGS).flatMap(([name, config]) => {
    const service = compose.services[name];
    if (!service) return [`${name}: no such compose service`];
    const environment = environmentOf(service);
    const problems = [
      ...Object.keys(environment)
        .filter((variable) => !isKnownVariable(config, variable))
        .map((variable) => `${variable} is not a variable ${name} reads`),
      ...requiredVariables(config)
        .filter((variable) => !(variable in environment))
        .map((variable) => `${variable} is required and not set`),
    ];
    let parsed: Readonly<Record<string, unknown>> | undefined;
    try {
      parsed = config.load({ ...environment });
    } catch (error) {
      problems.push(...((error as { problems?: string[] }).problems ?? [(error as Error).message]));
    }
    if (parsed) problems.push(...wiringProblems(compose, name, config, parsed, environment));
    return problems.map((problem) => `${name}: ${problem}`);
  });
}

/** Where the parsed configuration would connect and listen, against the compose network. */
function wiringProblems(
  compose: ComposeFile,
  name: string,
  config: ServiceConfig,
  parsed: Readonly<Record<string, unknown>>,
  environment: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const [variable, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || !/(_URL|_ENDPOINT|^SMTP_HOST)$/.test(variable)) continue;
    const { host, port } = addressOf(value);
    if (LOOPBACK.has(host)) {
      problems.push(`${variable} points at ${host} (${variable in environment ? 'as set' : 'its default'}), the container itself`);
    } else if (!compose.services[host]) {
      problems.push(`${variable} points at ${host}, which is no compose service`);
    } else if (variable.endsWith('_GRPC_URL')) {
      const bind = environmentOf(compose.services[host]!).GRPC_BIND;
      if (!bind || addressOf(bind).port !== port) problems.push(`${variable} calls ${host} on port ${port}, but ${host} listens on ${bind ?? 'its default'}`);
    }
  }
  for (const variable of ['GRPC_BIND', 'HTTP_HOST', 'NOTIFIER_HTTP_HOST']) {
    const value = parsed[variable];
    if (typeof value === 'string' && addressOf(value).host !== '0.0.0.0') problems.push(`${variable} is ${value}: unreachable from other containers (use 0.0.0.0)`);
  }
  if (environment.METRICS_PORT !== String(config.metricsPort)) problems.push(`METRICS_PORT must be ${config.metricsPort} (the conventions), not ${environment.METRICS_PORT ?? 'unset'}`);
  if (environment.METRICS_BIND !== '0.0.0.0') problems.push(`METRICS_BIND must be 0.0.0.0, or Prometheus cannot scrape it (is ${environment.METRICS_BIND ?? 'unset'})`);
  problems.push(...leastPrivilegeProblems(name, parsed));
  problems.push(...readinessProblems(compose, name, config, environment));
  return problems;
}

/** A service connects as its own database role and broker user, never as an administrator. */
function leastPrivilegeProblems(name: string, parsed: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  if (typeof parsed.DATABASE_URL === 'string' && userOf(parsed.DATABASE_URL) !== `ticres_${name}`) {
    problems.push(`DATABASE_URL logs in as ${userOf(parsed.DATABASE_URL)}, not the service's own role ticres_${name}`);
  }
  if (parsed.DATABASE_ADMIN_URL !== undefined) problems.push('DATABASE_ADMIN_URL is set: only the migrate job may hold the superuser URL');
  if (parsed.MIGRATE_ON_START === true) problems.push('MIGRATE_ON_START is true: the migrate job migrates, before any service starts');
  if (typeof parsed.AMQP_URL === 'string' && userOf(parsed.AMQP_URL) !== `ticres-${name}`) {
    problems.push(`AMQP_URL logs in as ${userOf(parsed.AMQP_URL)}, not the service's own broker user ticres-${name}`);
  }
  return problems;
}

/** The container's health check asks what readiness means for the service. */
function readinessProblems(compose: ComposeFile, name: string, config: ServiceConfig, environment: Record<string, string>): string[] {
  const check = healthcheckText(compose.services[name]!);
  if ('grpc' in config.readiness) {
    return check.includes('health-probe-main.js') ? [] : ['its health check does not ask its grpc.health.v1 (health-probe-main.js)'];
  }
  const port = environment[config.readiness.httpPortVariable];
  return check.includes(`:${port}/readyz`) ? [] : [`its health check does not ask /readyz on its port ${port ?? '(unset)'}`];
}

/**
 * The one-shot migrate job: the only holder of the superuser URL, it creates each service's role
 * from the same URL the service uses, and every service waits for it to succeed.
 */
export function checkMigrationJob(compose: ComposeFile): string[] {
  const migrate = compose.services.migrate;
  if (!migrate) return ['migrate: no such compose service'];
  const environment = environmentOf(migrate);
  const problems: string[] = [];
  if (!environment.DATABASE_ADMIN_URL) problems.push('migrate: DATABASE_ADMIN_URL is not set');
  for (const service of MIGRATED_SERVICES) {
    const variable = `${service.toUpperCase()}_DATABASE_URL`;
    const own = environmentOf(compose.services[service] ?? {}).DATABASE_URL;
    if (environment[variable] !== own) problems.push(`migrate: ${variable} differs from ${service}'s DATABASE_URL`);
    if (dependenciesOf(compose.services[service] ?? {}).get('migrate') !== 'service_completed_successfully') {
      problems.push(`${service}: does not wait for migrate to complete successfully`);
    }
  }
  return problems;
}
