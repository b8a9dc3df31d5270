/**
 * The load generator: a process of its own (forked by client.ts), so its CPU is measured apart
 * from the benchmark's bookkeeping and the SMTP server. One job at a time over IPC; each answer
 * carries the CPU time the job cost this process.
 */
import { performance } from 'node:perf_hooks';
import { runBatch, runPurchases, runSustained } from './http-jobs.ts';
import type { Job, JobResult } from './protocol.ts';
import { closeRawPools, runRawSql } from './rawsql-job.ts';

async function run(job: Job): Promise<JobResult> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const cost = () => {
    const cpu = process.cpuUsage(cpu0);
    return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 };
  };
  switch (job.kind) {
    case 'batch': {
      const outcomes = await runBatch(job);
      return { kind: 'batch', outcomes, ...cost() };
    }
    case 'rawsql': {
      const outcomes = await runRawSql(job);
      return { kind: 'rawsql', outcomes, ...cost() };
    }
    case 'sustained': {
      const result = await runSustained(job);
      return { kind: 'sustained', result, ...cost() };
    }
    case 'purchase': {
      const outcomes = await runPurchases(job);
      return { kind: 'purchase', outcomes, ...cost() };
    }
  }
}

process.on('message', (message: { id: number; job: Job }) => {
  run(message.job).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: String((error as Error).stack ?? error) }),
  );
});
process.on('disconnect', () => void closeRawPools().finally(() => process.exit(0)));
