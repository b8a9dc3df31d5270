import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a command to its end; rejects with its output when it fails or overruns. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string | undefined } = {},
): Promise<string> {
  try {
    const running = run(command, [...args], { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000 });
    if (options.input !== undefined) running.child.stdin?.end(options.input);
    const { stdout } = await running;
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${String(error)}\n${stdout}${stderr}`);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Resolves once `port` is open (or closed, with `open: false`); throws after `timeoutMs`. */
export async function waitForPort(port: number, { open = true, timeoutMs = 60_000, what = `port ${port}` } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await portOpen(port)) !== open) {
    if (Date.now() > deadline) throw new Error(`${what} not ${open ? 'open' : 'closed'} after ${timeoutMs} ms`);
    await delay(100);
  }
}

/**
 * Makes sure a private server a test started never outlives the test process, even when the test
 * failed before its afterAll: `kill` runs synchronously on exit unless `release` ran first.
 */
export function killOnExit(kill: () => void, directory: string): { release(): void } {
  const onExit = () => {
    try {
      kill();
    } catch {
      // Already gone.
    }
    rmSync(directory, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return { release: () => process.off('exit', onExit) };
}

/** `kill -KILL <pid>` of the pid in a server's pid file (first line), if it is still there. */
export function killPidFile(pidFile: string): void {
  execFileSync('sh', ['-c', `[ -f '${pidFile}' ] && kill -KILL "$(head -n 1 '${pidFile}')" || true`], { stdio: 'ignore' });
}
