/** Starts bench/src/hello-server.ts, bare Fastify in a process of its own, the baseline of the browse and login scenarios. */
import path from 'node:path';
import shared from '@ticres/shared/testing';
import { sleep } from './clock.ts';
import { startNode, type RunningProcess } from './processes.ts';
import { REPO_ROOT, RUN_DIR } from './stack.ts';

export async function startHello(): Promise<{ proc: RunningProcess; origin: string }> {
  const port = await shared.freePort();
  const proc = startNode(
    'hello',
    path.join(REPO_ROOT, 'bench', 'src', 'hello-server.ts'),
    { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port) },
    {
      cwd: REPO_ROOT,
      logFile: path.join(RUN_DIR, 'hello.log'),
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (proc.hasEnded()) throw new Error(`the hello-world server exited:\n${proc.tail()}`);
    const ok = await fetch(origin, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { proc, origin };
    await sleep(50);
  }
  throw new Error('the hello-world server did not answer');
}
