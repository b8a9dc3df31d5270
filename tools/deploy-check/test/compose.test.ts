import {
  checkPinnedImages,
  checkPublishedPorts,
  checkReferencedFiles,
  checkRestartPolicies,
  checkScrapeTargets,
  checkSecrets,
} from '../src/compose-file-checks';
import { loadCompose, parseComposeText, type ComposeFile } from '../src/compose-file';
import { checkMigrationJob, checkServiceEnvironments } from '../src/compose-service-checks';
import { checkDockerfile } from '../src/dockerfile-checks';
import { parseEnvFile } from '../src/env-file';
import { readRepoFile } from '../src/repo';

const composeText = readRepoFile('docker-compose.yml');
const example = parseEnvFile(readRepoFile('.env.example'));

/** What `scripts/start.sh` does when .env is missing: a random secret for each variable .env.example lists. */
const generatedSecrets = new Map([...example.keys()].map((name, index) => [name, `generated${index}x${Math.random().toString(36).slice(2, 14)}`]));

/** The compose file as docker compose would see it with those secrets. */
function composeFile(): ComposeFile {
  const problems: string[] = [];
  const compose = loadCompose(composeText, generatedSecrets, problems);
  expect(problems).toEqual([]);
  return compose;
}

/** A copy of the compose file with one service's environment changed. */
function withEnvironment(service: string, change: (environment: Record<string, unknown>) => void): ComposeFile {
  const compose = composeFile();
  change(compose.services[service]!.environment as Record<string, unknown>);
  return compose;
}

describe('docker-compose.yml against the services', () => {
  it('gives each service an environment its config schema accepts, wired to the compose network', () => {
    expect(checkServiceEnvironments(composeFile())).toEqual([]);
  });

  it('names a required variable that is removed', () => {
    const compose = withEnvironment('payment', (environment) => delete environment.PAYMENT_SERVICE_SECRET);
    expect(checkServiceEnvironments(compose)).toEqual(expect.arrayContaining([expect.stringMatching(/^payment: PAYMENT_SERVICE_SECRET is required/)]));
  });

  it('names a variable no service reads', () => {
    const compose = withEnvironment('booking', (environment) => (environment.HOLD_TTL = '900'));
    expect(checkServiceEnvironments(compose)).toEqual(['booking: HOLD_TTL is not a variable booking reads']);
  });

  it('names a value the service would refuse at start', () => {
    const compose = withEnvironment('payment', (environment) => (environment.PROVIDER_TIMEOUT_MS = '6000'));
    expect(checkServiceEnvironments(compose)).toEqual([expect.stringMatching(/^payment: PROVIDER_TIMEOUT_MS \(6000\) must be below GRPC_DEADLINE_MS/)]);
  });

  it('names an address left at its loopback default, and a gRPC call to the wrong port', () => {
    const compose = withEnvironment('catalog', (environment) => {
      delete environment.REDIS_URL;
      environment.AUTH_GRPC_URL = 'auth:50052';
    });
    expect(checkServiceEnvironments(compose)).toEqual([
      'catalog: AUTH_GRPC_URL calls auth on port 50052, but auth answers gRPC on 50051',
      'catalog: REDIS_URL points at 127.0.0.1 (its default), the container itself',
    ]);
  });

  it('refuses a service that connects as the superuser or migrates itself', () => {
    const compose = withEnvironment('booking', (environment) => {
      environment.DATABASE_URL = 'postgres://postgres:secret@postgres:5432/ticres';
      environment.DATABASE_ADMIN_URL = 'postgres://postgres:secret@postgres:5432/postgres';
    });
    expect(checkServiceEnvironments(compose)).toEqual([
      "booking: DATABASE_URL logs in as postgres, not the service's own role ticres_booking",
      'booking: DATABASE_ADMIN_URL is set: only the migration job may hold the superuser URL',
    ]);
  });

  it('runs every migration in the one-shot job, with the roles the services log in as, before any service starts', () => {
    expect(checkMigrationJob(composeFile())).toEqual([]);
    const compose = withEnvironment(
      'migrate',
      (environment) => (environment.BOOKING_DATABASE_URL = 'postgres://ticres_booking:other@postgres:5432/ticres'),
    );
    expect(checkMigrationJob(compose)).toEqual(["migrate: BOOKING_DATABASE_URL differs from booking's DATABASE_URL"]);
  });

  it('health checks ask for readiness: grpc.health.v1 or /readyz', () => {
    const compose = composeFile();
    compose.services.booking!.healthcheck = { test: ['CMD', 'true'] };
    expect(checkServiceEnvironments(compose)).toEqual(['booking: its health check does not ask its grpc.health.v1 (health-probe-main.js)']);
  });
});

describe('docker-compose.yml as a file', () => {
  it('refers only to files that exist (mounts, Dockerfile stages, build args, scripts)', () => {
    expect([...checkReferencedFiles(composeFile()), ...checkDockerfile()]).toEqual([]);
    const compose = composeFile();
    compose.services.booking!.build = { context: '.', target: 'nope', args: { SERVICE: 'bookings' } };
    compose.services.rabbitmq!.volumes = ['./docker/rabbitmq/gone.conf:/etc/rabbitmq/conf.d/gone.conf:ro'];
    expect(checkReferencedFiles(compose)).toEqual([
      'rabbitmq: mounted ./docker/rabbitmq/gone.conf does not exist',
      'booking: build target nope is no stage of Dockerfile',
      'booking: build arg SERVICE=bookings names no service (services/bookings/src/main.ts)',
    ]);
  });

  it('pins every image to a version', () => {
    expect(checkPinnedImages(composeFile())).toEqual([]);
    const compose = composeFile();
    compose.services.redis!.image = 'redis:7';
    compose.services.jaeger!.image = 'jaegertracing/all-in-one:latest';
    expect(checkPinnedImages(compose)).toHaveLength(2);
  });

  it('publishes each host port once', () => {
    expect(checkPublishedPorts(composeFile())).toEqual([]);
    const compose = composeFile();
    compose.services.grafana!.ports = ['127.0.0.1:9090:3000'];
    expect(checkPublishedPorts(compose)).toEqual(['grafana: host port 9090 is already published by prometheus']);
  });

  it('gives every service a restart policy', () => {
    expect(checkRestartPolicies(composeFile())).toEqual([]);
    const compose = composeFile();
    delete compose.services.booking!.restart;
    expect(checkRestartPolicies(compose)).toEqual(['booking: has no restart policy']);
  });

  it('takes every secret from .env, as .env.example lists them', () => {
    const raw = parseComposeText(composeText);
    expect(checkSecrets(raw, composeText, example)).toEqual([]);
    const withoutGrafana = new Map(example);
    withoutGrafana.delete('GRAFANA_ADMIN_PASSWORD');
    expect(checkSecrets(raw, composeText, withoutGrafana)).toEqual([
      '.env.example does not list GRAFANA_ADMIN_PASSWORD, which docker-compose.yml requires',
    ]);
    const literal = parseComposeText(composeText.replace('${BOOKING_DB_PASSWORD:?', 'hunter2${NOTHING:-'));
    expect(checkSecrets(literal, composeText, example)).toEqual([
      'migrate: BOOKING_DATABASE_URL has a literal password; take it from .env',
      'booking: DATABASE_URL has a literal password; take it from .env',
    ]);
  });

  it('has Prometheus scrape every service on its metrics port', () => {
    expect(checkScrapeTargets(composeFile())).toEqual([]);
  });
});
