import { addressOf } from './addresses';
import { dependenciesOf, environmentOf, healthcheckText, type ComposeFile } from './compose-file';
import { MIGRATED_SERVICES, SERVICE_CONFIGS, type ServiceConfig } from './service-configs';
import { serviceEnvironmentProblems, type Network } from './service-environment-checks';

/** Compose services reach each other by service name; a gRPC service answers on its GRPC_BIND port. */
function composeNetwork(compose: ComposeFile): Network {
  return {
    knows: (host) => host in compose.services,
    grpcPortOf: (host) => {
      const bind = environmentOf(compose.services[host] ?? {}).GRPC_BIND;
      return bind === undefined ? undefined : addressOf(bind).port;
    },
  };
}

/**
 * Each TicRes service's compose environment against its config schema and the compose network
 * (serviceEnvironmentProblems), and its health check against what readiness means for it.
 * Returns one line per problem; none means the stack is wired as the services expect.
 */
export function checkServiceEnvironments(compose: ComposeFile): string[] {
  const network = composeNetwork(compose);
  return Object.entries(SERVICE_CONFIGS).flatMap(([name, config]) => {
    const service = compose.services[name];
    if (!service) return [`${name}: no such compose service`];
    const environment = environmentOf(service);
    return [...serviceEnvironmentProblems(name, config, environment, network), ...readinessProblems(name, config, healthcheckText(service), environment)];
  });
}

/** The container's health check asks what readiness means: grpc.health.v1, or /readyz on its port. */
function readinessProblems(name: string, config: ServiceConfig, check: string, environment: Record<string, string>): string[] {
  if ('grpc' in config.readiness) {
    return check.includes('health-probe-main.js') ? [] : [`${name}: its health check does not ask its grpc.health.v1 (health-probe-main.js)`];
  }
  const port = environment[config.readiness.httpPortVariable];
  return check.includes(`:${port}/readyz`) ? [] : [`${name}: its health check does not ask /readyz on its port ${port ?? '(unset)'}`];
}

/**
 * The one-shot migrate job: the only holder of the superuser URL, it creates each service's role
 * from the same URL the service uses, and every service waits for it to succeed.
 */
export function checkMigrationJob(compose: ComposeFile): string[] {
  const migrate = compose.services.migrate;
  if (!migrate) return ['migrate: no such compose service'];
  const environment = environmentOf(migrate);
  const problems = migrationEnvironmentProblems(environment, (service) => environmentOf(compose.services[service] ?? {}).DATABASE_URL).map(
    (problem) => `migrate: ${problem}`,
  );
  for (const service of MIGRATED_SERVICES) {
    if (dependenciesOf(compose.services[service] ?? {}).get('migrate') !== 'service_completed_successfully') {
      problems.push(`${service}: does not wait for migrate to complete successfully`);
    }
  }
  return problems;
}

/** A migration job's environment: the superuser URL, and each service's DATABASE_URL as that service has it. */
export function migrationEnvironmentProblems(environment: Record<string, string>, databaseUrlOf: (service: string) => string | undefined): string[] {
  const problems = environment.DATABASE_ADMIN_URL ? [] : ['DATABASE_ADMIN_URL is not set'];
  for (const service of MIGRATED_SERVICES) {
    const variable = `${service.toUpperCase()}_DATABASE_URL`;
    if (environment[variable] !== databaseUrlOf(service)) problems.push(`${variable} differs from ${service}'s DATABASE_URL`);
  }
  return problems;
}
