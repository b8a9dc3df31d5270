import { eventually } from '../eventually';
import type { Stack } from '../stack';

/** How long the gateway may take to be ready again: its checks time out at 1 s each on a loaded machine. */
const READY_WITHIN_MS = 15_000;

async function readiness(baseUrl: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, text: await res.text() };
}

/**
 * After a fuzz run: the same processes as before it still run (a crash ends a process for good
 * here, nothing restarts it, so the same pids mean no crash), and the gateway becomes ready, so
 * every service behind it answers.
 */
export async function expectStackIntact(stack: Stack, pidsBefore: Record<string, number>): Promise<void> {
  const pidsNow = stack.runningPids();
  if (JSON.stringify(pidsNow) !== JSON.stringify(pidsBefore)) {
    throw new Error(`processes changed: before ${JSON.stringify(pidsBefore)}, now ${JSON.stringify(pidsNow)}\n${stack.logs()}`);
  }
  await eventually(
    'the gateway ready after the fuzz',
    () => readiness(stack.baseUrl),
    (answer) => answer.status === 200,
    READY_WITHIN_MS,
  );
}
