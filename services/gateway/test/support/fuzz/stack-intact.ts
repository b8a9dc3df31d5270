import type { Stack } from '../stack';

/**
 * After a fuzz run: the same processes as before it still run (a crash ends a process for good
 * here, nothing restarts it, so the same pids mean no crash), and the gateway is ready, so every
 * service behind it answers.
 */
export async function expectStackIntact(stack: Stack, pidsBefore: Record<string, number>): Promise<void> {
  const pidsNow = stack.runningPids();
  if (JSON.stringify(pidsNow) !== JSON.stringify(pidsBefore)) {
    throw new Error(`processes changed: before ${JSON.stringify(pidsBefore)}, now ${JSON.stringify(pidsNow)}\n${stack.logs()}`);
  }
  const ready = await fetch(`${stack.baseUrl}/readyz`);
  if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}\n${stack.logs()}`);
}
