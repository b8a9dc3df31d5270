import { addressOf, userOf } from './addresses';
import { isKnownVariable, requiredVariables, type ServiceConfig } from './service-configs';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** What a deployment's services can reach by name: compose services, or Kubernetes Services. */
export interface Network {
  /** Whether something in the deployment answers to this host name. */
  knows(host: string): boolean;
  /** The port on which this host answers gRPC, when it is a gRPC service of the deployment. */
  grpcPortOf(host: string): string | undefined;
}

/**
 * One service's environment, as a deployment gives it, against the service's config schema: no
 * unknown variable, every required one set, the service's own loader accepts it, every address it
 * would use points at something in the deployment (a default of 127.0.0.1 is the container itself)
 * on the port it listens on, it listens where others can reach it, and it logs in as its own
 * database role and broker user. One line per problem, each starting with the service's name.
 */
export function serviceEnvironmentProblems(name: string, config: ServiceConfig, environment: Record<string, string>, network: Network): string[] {
  const problems = [
    ...Object.keys(environment)
      .filter((variable) => !isKnownVariable(config, variable))
      .map((variable) => `${variable} is not a variable ${name} reads`),
    ...requiredVariables(config)
      .filter((variable) => !(variable in environment))
      .map((variable) => `${variable} is required and not set`),
  ];
  try {
    const parsed = config.load({ ...environment });
    problems.push(
      ...addressProblems(parsed, environment, network),
      ...listenProblems(config, parsed, environment),
      ...leastPrivilegeProblems(name, parsed),
    );
  } catch (error) {
    problems.push(...((error as { problems?: string[] }).problems ?? [(error as Error).message]));
  }
  return problems.map((problem) => `${name}: ${problem}`);
}

function addressProblems(parsed: Readonly<Record<string, unknown>>, environment: Record<string, string>, network: Network): string[] {
  const problems: string[] = [];
  for (const [variable, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || !/(_URL|_ENDPOINT|^SMTP_HOST)$/.test(variable)) continue;
    const { host, port } = addressOf(value);
    if (LOOPBACK.has(host)) {
      problems.push(`${variable} points at ${host} (${variable in environment ? 'as set' : 'its default'}), the container itself`);
    } else if (!network.knows(host)) {
      problems.push(`${variable} points at ${host}, which nothing in the deployment answers to`);
    } else if (variable.endsWith('_GRPC_URL') && network.grpcPortOf(host) !== port) {
      problems.push(`${variable} calls ${host} on port ${port}, but ${host} answers gRPC on ${network.grpcPortOf(host) ?? 'no port'}`);
    }
  }
  return problems;
}

/** It listens on every interface (other containers and Prometheus reach it) and on its conventional metrics port. */
function listenProblems(config: ServiceConfig, parsed: Readonly<Record<string, unknown>>, environment: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const variable of ['GRPC_BIND', 'HTTP_HOST', 'NOTIFIER_HTTP_HOST']) {
    const value = parsed[variable];
    if (typeof value === 'string' && addressOf(value).host !== '0.0.0.0')
      problems.push(`${variable} is ${value}: unreachable from other containers (use 0.0.0.0)`);
  }
  if (environment.METRICS_PORT !== String(config.metricsPort))
    problems.push(`METRICS_PORT must be ${config.metricsPort} (the conventions), not ${environment.METRICS_PORT ?? 'unset'}`);
  if (environment.METRICS_BIND !== '0.0.0.0')
    problems.push(`METRICS_BIND must be 0.0.0.0, or Prometheus cannot scrape it (is ${environment.METRICS_BIND ?? 'unset'})`);
  return problems;
}

/** A service connects as its own database role and broker user, never as an administrator. */
function leastPrivilegeProblems(name: string, parsed: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  if (typeof parsed.DATABASE_URL === 'string' && userOf(parsed.DATABASE_URL) !== `ticres_${name}`) {
    problems.push(`DATABASE_URL logs in as ${userOf(parsed.DATABASE_URL)}, not the service's own role ticres_${name}`);
  }
  if (parsed.DATABASE_ADMIN_URL !== undefined) problems.push('DATABASE_ADMIN_URL is set: only the migration job may hold the superuser URL');
  if (parsed.MIGRATE_ON_START === true) problems.push('MIGRATE_ON_START is true: the migration job migrates, before any service starts');
  if (typeof parsed.AMQP_URL === 'string' && userOf(parsed.AMQP_URL) !== `ticres-${name}`) {
    problems.push(`AMQP_URL logs in as ${userOf(parsed.AMQP_URL)}, not the service's own broker user ticres-${name}`);
  }
  return problems;
}
