import { spawn, type ChildProcess } from 'node:child_process';

/** A child node process whose recent output is kept for the error message when something fails. */
export interface RunningProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<string>;
  /** SIGTERM (graceful shutdown), then SIGKILL if it has not ended after `graceMs`. */
  stop(graceMs?: number): Promise<string>;
}

const OUTPUT_LIMIT = 20_000;

export function startNode(name: string, script: string, env: NodeJS.ProcessEnv, cwd: string): RunningProcess {
  const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
  });
  return {
    name,
    child,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
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
export async function runNode(name: string, script: string, env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 60_000) {
  const run = startNode(name, script, env, cwd);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const result = await run.exited.finally(() => clearTimeout(timer));
  if (result !== 'code 0') throw new Error(`${name} failed (${result}):\n${run.output()}`);
}

/** Each process's recent output under a `--- <name>` line, for an error message or a test. */
export const outputsOf = (processes: RunningProcess[]): string => processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n');

/** The JSON log lines of process `name` in `outputsOf` output; other lines are skipped. */
export function linesOf(outputs: string, name: string): Record<string, unknown>[] {
  const output = outputs.split(/^--- /m).find((part) => part.startsWith(`${name}\n`)) ?? '';
  return output.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** True once the process has exited or was killed. */
export const hasEnded = (p: RunningProcess) => p.child.exitCode !== null || p.child.signalCode !== null;

/** Resolves once `url` answers 200; fails early when one of the processes dies. */
export async function waitUntilReady(what: string, url: string, processes: RunningProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    const dead = processes.find(hasEnded);
    if (dead) throw new Error(`${dead.name} exited during start-up:\n${dead.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      lastStatus = `${res.status} ${await res.text()}`;
    } catch (error) {
      lastStatus = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms (last: ${lastStatus})\n${outputsOf(processes)}`);
}
