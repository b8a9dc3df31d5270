import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { killOnExit, killPidFile, runCommand, waitForPort } from './private-server';
import type { RabbitmqCtl } from './test-broker-users';

/** A RabbitMQ node of one test's own, which the test may restart for real. */
export interface PrivateRabbitMq {
  /** `amqp://guest:guest@127.0.0.1:<port>` (guest may log in from loopback). */
  url: string;
  port: number;
  nodeName: string;
  /** `rabbitmqctl -n <node>` for this node, e.g. for `createTestBrokerUsers`. */
  ctl: RabbitmqCtl;
  /** Stops the broker application (every connection is closed) and starts it again. */
  restart(): Promise<void>;
  /** Halts the node and deletes its files. Safe to call more than once. */
  destroy(): Promise<void>;
}

/** Debian's scripts that run the node as the calling user (the ones on PATH switch to `rabbitmq`). */
const RABBITMQ_BIN = process.env.TEST_RABBITMQ_BIN ?? '/usr/lib/rabbitmq/bin';
const program = (name: string) => (existsSync(path.join(RABBITMQ_BIN, name)) ? path.join(RABBITMQ_BIN, name) : name);

/**
 * Starts a throwaway RabbitMQ node (its own node name, AMQP and distribution ports, files and
 * Erlang cookie in a temporary directory, no plugins) beside any broker the machine runs, and
 * waits for its AMQP port. Booting takes some seconds (about 20 on a busy 2-core machine).
 * `destroy()` in afterAll; should the test process end without it, the node is killed on exit.
 */
export async function startPrivateRabbitMq(): Promise<PrivateRabbitMq> {
  const directory = mkdtempSync(path.join(tmpdir(), 'ticres-rabbitmq-'));
  const [port, distPort] = [await freePort(), await freePort()];
  const nodeName = `ticres-test-${randomBytes(4).toString('hex')}@localhost`;
  const home = path.join(directory, 'home');
  for (const sub of ['home', 'mnesia', 'log']) mkdirSync(path.join(directory, sub));
  writeFileSync(path.join(directory, 'enabled_plugins'), '[].\n');
  const pidFile = path.join(directory, 'rabbitmq.pid');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The node and its CLI find the same Erlang cookie here, none of the machine's own.
    HOME: home,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(directory, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(directory, 'log'),
    RABBITMQ_PID_FILE: pidFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(directory, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: path.join(directory, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(directory, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(directory, 'rabbitmq-env.conf'),
  };
  const ctl: RabbitmqCtl = (args, input) => {
    const call = runCommand(program('rabbitmqctl'), ['-n', nodeName, ...args], { env, timeoutMs: 120_000, input });
    return call.then(() => undefined);
  };
  const guard = killOnExit(() => killPidFile(pidFile), directory);
  const server = spawn(program('rabbitmq-server'), [], { env, stdio: 'ignore', detached: true });
  server.unref();

  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await ctl(['stop']).catch(() => killPidFile(pidFile));
    await waitForPort(port, { open: false, timeoutMs: 30_000, what: 'the private RabbitMQ' }).catch(() => killPidFile(pidFile));
    rmSync(directory, { recursive: true, force: true });
    guard.release();
  };
  try {
    await waitForPort(port, { timeoutMs: 120_000, what: `the private RabbitMQ node ${nodeName}` });
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    nodeName,
    ctl,
    async restart() {
      // stop_app answers once the application is down; on a busy machine the listener's socket may
      // linger a while, so only the way back up is awaited.
      await ctl(['stop_app']);
      await ctl(['start_app']);
      await waitForPort(port, { what: 'the private RabbitMQ' });
    },
    destroy,
  };
}
