import { execFile } from 'node:child_process';

/** The variables through which every test finds PostgreSQL, Redis and RabbitMQ. */
export const TEST_SERVER_VARIABLES = ['TEST_DATABASE_ADMIN_URL', 'TEST_REDIS_URL', 'TEST_AMQP_URL'] as const;

/**
 * Where the tests' servers come from:
 * - `environment`: at least one URL is given (the rest default to this machine's servers);
 * - `containers`: none is given and a Docker engine answers: throwaway containers (testcontainers);
 * - `local`: none is given and there is no Docker engine: this machine's servers, as CI runs.
 * TEST_SERVERS=local or =containers forces a choice when no URL is given.
 */
export type TestServerSource = 'environment' | 'containers' | 'local';

export async function chooseTestServers(env: NodeJS.ProcessEnv, dockerAnswers: () => Promise<boolean>): Promise<TestServerSource> {
  if (TEST_SERVER_VARIABLES.some((name) => env[name])) return 'environment';
  if (env.TEST_SERVERS === 'local' || env.TEST_SERVERS === 'containers') return env.TEST_SERVERS;
  return (await dockerAnswers()) ? 'containers' : 'local';
}

/** True when `docker info` reaches an engine within a few seconds (a client alone is not enough). */
export function dockerEngineAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 }, (error, stdout) => {
      resolve(!error && stdout.trim().length > 0);
    });
  });
}
