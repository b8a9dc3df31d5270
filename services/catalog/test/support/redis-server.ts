import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@ticres/shared/testing';

export interface ThrowawayRedis {
  url: string;
  /** SIGKILL: the server is gone at once, without closing its connections politely. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections but answers nothing while paused. */
  pause(): void;
  resume(): void;
}

/** A `redis-server` child of this test, in memory only, ready to answer when this resolves. */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let output = '';
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      if (ready) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail('not ready after 10 s'), 10_000);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exited with ${code}`));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (!output.includes('Ready to accept connections')) return;
      ready = true;
      clearTimeout(timer);
      resolve();
    });
  });

  return {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}
