/** The benchmark's handle on the load generator process (worker.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { cpuMsOf, memoryOf, type Memory } from '../proc.ts';
import type { BatchJob, Job, JobResult, OutcomesResult, PurchaseJob, PurchaseJobResult, RawSqlJob, SustainedJob, SustainedJobResult } from './protocol.ts';

export interface Generator {
  pid: number;
  run(job: BatchJob | RawSqlJob): Promise<OutcomesResult>;
  run(job: SustainedJob): Promise<SustainedJobResult>;
  run(job: PurchaseJob): Promise<PurchaseJobResult>;
  /** Total CPU the generator has used since it started, ms. */
  cpuMs(): number;
  memory(): Memory | undefined;
  stop(): Promise<void>;
}

export function startGenerator(): Generator {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'worker.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: JobResult) => void; reject: (e: Error) => void }>();
  child.on('message', (message: { id: number; result?: JobResult; error?: string }) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(`load generator: ${message.error}`));
    else waiter.resolve(message.result!);
  });
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`load generator exited (${signal ?? code})`));
    pending.clear();
  });
  return {
    pid: child.pid!,
    run: ((job: Job) => {
      const id = nextId++;
      return new Promise<JobResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, job });
      });
    }) as Generator['run'],
    cpuMs: () => cpuMsOf(child.pid!) ?? NaN,
    memory: () => memoryOf(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
