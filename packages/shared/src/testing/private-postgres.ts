import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './free-port';
import { killOnExit, killPidFile, runCommand, waitForPort } from './private-server';

/** How the server goes down: `fast` is a clean shutdown (sessions ended with 57P01), `immediate` a crash (recovery at start). */
export type PostgresStopMode = 'fast' | 'immediate';

/** A PostgreSQL cluster of one test's own, which the test may stop and restart for real. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: trust authentication, superuser. */
  adminUrl: string;
  port: number;
  /** Stops the server; connections break at once. */
  stop(mode?: PostgresStopMode): Promise<void>;
  /** Starts it again (after `stop`) on the same port and data. */
  start(): Promise<void>;
  /** Stops, stays down for `downMs`, starts again. */
  restart(options?: { mode?: PostgresStopMode; downMs?: number }): Promise<void>;
  /** Stops the server for good and deletes its files. Safe to call more than once. */
  destroy(): Promise<void>;
}

/** The PostgreSQL binaries: TEST_POSTGRES_BIN, or the newest under /usr/lib/postgresql (Debian's layout). */
export function postgresBinaries(): string {
  if (process.env.TEST_POSTGRES_BIN) return process.env.TEST_POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server binaries under ${root}; set TEST_POSTGRES_BIN`);
  return path.join(root, newest, 'bin');
}

/** initdb and pg_ctl refuse to run as root: as root, they run as the `postgres` user, who owns the files. */
const SERVER_USER = 'postgres';
const asRoot = () => userInfo().uid === 0;

function serverCommand(bin: string, program: string, args: string[]): [string, string[]] {
  const binary = path.join(bin, program);
  return asRoot() ? ['runuser', ['-u', SERVER_USER, '--', binary, ...args]] : [binary, args];
}

function chownToServerUser(directory: string): void {
  if (!asRoot()) return;
  const { uid, gid } = userInfoOf(SERVER_USER);
  chownSync(directory, uid, gid);
}

function userInfoOf(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user} on this machine, needed to run PostgreSQL as root`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Creates and starts a throwaway PostgreSQL cluster in a temporary directory, on a free port
 * (loopback only, its socket in that directory, fsync off: data survives a restart, not a power
 * cut). Stop it with `destroy()` in afterAll; should the test process end without that, the
 * server is killed and its files removed on exit.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  const directory = mkdtempSync(path.join(tmpdir(), 'ticres-pg-'));
  chownToServerUser(directory);
  const data = path.join(directory, 'data');
  const port = await freePort();
  const pgCtl = (args: string[]) => {
    const [command, commandArgs] = serverCommand(bin, 'pg_ctl', ['-D', data, ...args]);
    return runCommand(command, commandArgs, { timeoutMs: 60_000 });
  };
  const guard = killOnExit(() => killPidFile(path.join(data, 'postmaster.pid')), directory);

  const [initdb, initdbArgs] = serverCommand(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  let running = false;
  const start = async () => {
    await pgCtl(['start', '-w', '-t', '60', '-l', path.join(directory, 'server.log'), '-o', options]);
    running = true;
  };
  const stop = async (mode: PostgresStopMode = 'fast') => {
    await pgCtl(['stop', '-w', '-t', '60', '-m', mode]);
    running = false;
    await waitForPort(port, { open: false, what: 'the private PostgreSQL' });
  };

  try {
    await runCommand(initdb, initdbArgs, { timeoutMs: 120_000 });
    await start();
  } catch (error) {
    killPidFile(path.join(data, 'postmaster.pid'));
    rmSync(directory, { recursive: true, force: true });
    guard.release();
    throw error;
  }

  let destroyed = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async restart({ mode = 'fast', downMs = 0 } = {}) {
      await stop(mode);
      await delay(downMs);
      await start();
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      if (running) await stop('immediate').catch(() => killPidFile(path.join(data, 'postmaster.pid')));
      rmSync(directory, { recursive: true, force: true });
      guard.release();
    },
  };
}
