/** Child node processes of the benchmark: started with an environment of their own, output to a file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface RunningProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** The last `bytes` of its output. */
  tail(bytes?: number): string;
  hasEnded(): boolean;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<string>;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<string>;
}

function tailOf(file: string, bytes: number): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > bytes ? text.slice(-bytes) : text;
  } catch {
    return '';
  }
}

/**
 * Starts `node [nodeArgs] script` with exactly `env`, stdout and stderr to `logFile` (truncated, or appended to with `append`)
 * (written by the kernel, so the benchmark's own process spends nothing on the child's logs).
 */
export function startNode(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  options: { cwd: string; logFile: string; nodeArgs?: string[]; append?: boolean },
): RunningProcess {
  const fd = openSync(options.logFile, options.append ? 'a' : 'w');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const pid = child.pid;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
  });
  const hasEnded = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    pid,
    child,
    logFile: options.logFile,
    tail: (bytes = 4_000) => tailOf(options.logFile, bytes),
    hasEnded,
    exited,
    async stop(graceMs = 10_000) {
      if (hasEnded()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs a node script to completion; rejects with its output when it fails or overruns. */
export async function runNode(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  options: { cwd: string; logFile: string; timeoutMs?: number },
): Promise<void> {
  const run = startNode(name, script, env, options);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const result = await run.exited.finally(() => clearTimeout(timer));
  if (result !== 'code 0') throw new Error(`${name} failed (${result}):\n${run.tail()}`);
}
