import type { Logger } from 'pino';
import type { DependencyProbe } from './dependency-probes';

export interface DependencyMonitor {
  /** True while every probe passed its latest check. */
  isHealthy(): boolean;
  /** Stops checking, waits for a check in flight and closes the probes' connections. */
  stop(): Promise<void>;
}

export interface DependencyMonitorOptions {
  probes: DependencyProbe[];
  intervalMs: number;
  logger: Logger;
  /** Called on each change between healthy and not, e.g. to set the gRPC health status. */
  onChange?: (healthy: boolean) => void;
}

/**
 * Checks the probes now and then every `intervalMs`, all at once, and reports a change when one
 * goes out of reach or every one is back. Resolves once the first check is done, so the state is
 * truthful from the start. Cheap: one `SELECT 1` on a connection kept open, one flag read.
 */
export async function startDependencyMonitor({ probes, intervalMs, logger, onChange }: DependencyMonitorOptions): Promise<DependencyMonitor> {
  let healthy = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const checkAll = async () => {
    const failures = (
      await Promise.all(
        probes.map((probe) =>
          probe.check().then(
            () => undefined,
            (error: unknown) => ({ name: probe.name, error }),
          ),
        ),
      )
    ).filter((failure) => failure !== undefined);
    const nowHealthy = failures.length === 0;
    if (nowHealthy === healthy) return;
    healthy = nowHealthy;
    if (healthy) logger.info('dependencies reachable again: serving');
    else logger.warn({ down: failures.map((f) => f.name), err: failures[0]!.error }, 'dependencies out of reach: not serving');
    onChange?.(healthy);
  };

  let running: Promise<void> = checkAll();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = checkAll().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  await running;
  schedule();

  return {
    isHealthy: () => healthy,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all(probes.map(async (probe) => probe.close?.()));
    },
  };
}
