import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What the tests read (see TEST_SERVER_VARIABLES), pointing at the containers. */
export interface TestContainers {
  environment: Record<string, string>;
  stop(): Promise<void>;
}

// Pinned as in docker-compose.yml, so tests and the stack meet the same servers.
const POSTGRES_IMAGE = 'postgres:15.10-alpine';
const REDIS_IMAGE = 'redis:7.4.1-alpine';
const RABBITMQ_IMAGE = 'rabbitmq:3.13.7-management-alpine';

/**
 * Throwaway PostgreSQL, Redis and RabbitMQ containers for one test run (testcontainers-node; its
 * reaper removes them should the run die). The tests that manage broker users run `rabbitmqctl`:
 * TEST_RABBITMQCTL becomes a script that runs it inside the broker's container.
 */
export async function startTestContainers(): Promise<TestContainers> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const [postgres, redis, rabbitmq] = await Promise.all([
    new GenericContainer(POSTGRES_IMAGE)
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
      .withCommand(['postgres', '-c', 'max_connections=400'])
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start(),
    new GenericContainer(REDIS_IMAGE)
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
      .start(),
    new GenericContainer(RABBITMQ_IMAGE)
      .withExposedPorts(5672)
      .withWaitStrategy(Wait.forLogMessage(/Server startup complete/))
      .start(),
  ]);
  const scripts = await mkdtemp(path.join(tmpdir(), 'ticres-test-containers-'));
  const rabbitmqctl = path.join(scripts, 'rabbitmqctl');
  await writeFile(rabbitmqctl, `#!/bin/sh\nexec docker exec -i ${rabbitmq.getId()} rabbitmqctl "$@"\n`);
  await chmod(rabbitmqctl, 0o755);
  const at = (container: typeof postgres, port: number) => `${container.getHost()}:${container.getMappedPort(port)}`;
  return {
    environment: {
      TEST_DATABASE_ADMIN_URL: `postgres://postgres:postgres@${at(postgres, 5432)}/postgres`,
      TEST_REDIS_URL: `redis://${at(redis, 6379)}`,
      TEST_AMQP_URL: `amqp://guest:guest@${at(rabbitmq, 5672)}`,
      TEST_RABBITMQCTL: rabbitmqctl,
    },
    async stop() {
      await Promise.all([postgres.stop(), redis.stop(), rabbitmq.stop()]);
      await rm(scripts, { recursive: true, force: true });
    },
  };
}
