import { Worker } from 'node:worker_threads';

/** bcrypt on threads of its own, one hash or comparison per thread at a time. */
export interface BcryptWorkerPool {
  readonly size: number;
  /** Resolves once every thread has loaded bcrypt, so the first job is not timed with a cold start. */
  ready(): Promise<void>;
  hash(password: string, cost: number): Promise<string>;
  compare(password: string, hash: string): Promise<boolean>;
  /** Stops the threads; jobs still queued or running are rejected. */
  close(): Promise<void>;
}

type Job = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };
type Reply = { ok: true; result: string | boolean } | { ok: false; message: string };

interface Pending {
  job: Job;
  resolve(result: string | boolean): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  current: Pending | undefined;
  ready: Promise<void>;
  started: boolean;
}

// The synchronous API on purpose: inside a worker it blocks that thread only, whereas the async API
// would hand the work back to libuv's shared pool, the one DNS, crypto and file work queue on.
// Linux schedules threads one by one, so a thread can lower its own priority (its id from
// /proc/thread-self); elsewhere the thread keeps the process's. Evaluated from a string so the same
// code runs from src/ (tests) and dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.nice > 0) {
  try {
    const threadId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(threadId, workerData.nice);
  } catch {}
}
const bcrypt = require(workerData.bcryptPath);
parentPort.postMessage('ready');
parentPort.on('message', (job) => {
  try {
    const result = job.op === 'hash' ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ ok: true, result });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

const isProtocolMessage = (message: unknown): message is Reply | 'ready' =>
  message === 'ready' || (typeof message === 'object' && message !== null && typeof (message as { ok?: unknown }).ok === 'boolean');

export interface BcryptWorkerPoolOptions {
  size: number;
  /**
   * Scheduling priority of the threads (Linux nice, 0..19; 0: the process's own). A higher value
   * lets request work of this and other processes on the machine go first when CPU is short.
   */
  nice?: number;
}

/**
 * A fixed set of worker threads for bcrypt with a first-come-first-served queue in front of them.
 * Password hashing therefore never takes libuv's thread pool away from the rest of the process
 * (token signing, DNS, file work), and is served in arrival order. Idle threads do not keep the
 * process alive; a thread that dies is replaced and its job rejected.
 */
export function createBcryptWorkerPool({ size, nice = 0 }: BcryptWorkerPoolOptions): BcryptWorkerPool {
  const bcryptPath = require.resolve('bcrypt');
  const threads: Thread[] = [];
  const queue: Pending[] = [];
  let closed = false;

  function spawn(): Thread {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath, nice } });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: unknown) => {
        if (message === 'ready') resolve();
      });
      worker.once('error', reject);
    });
    ready.catch(() => undefined); // reported by ready()
    const thread: Thread = { worker, current: undefined, ready, started: false };
    // Referenced until it has started (a process awaiting ready() must not exit meanwhile), then
    // only while it works.
    worker.on('message', (message: unknown) => {
      // Node may post messages of its own on a worker's port (`node --watch` reports the modules
      // a worker requires): only the pool's protocol counts.
      if (!isProtocolMessage(message)) return;
      const reply = message;
      if (reply === 'ready') {
        thread.started = true;
        if (!thread.current) worker.unref();
        return;
      }
      const pending = thread.current;
      thread.current = undefined;
      thread.worker.unref();
      if (pending) {
        if (reply.ok) pending.resolve(reply.result);
        else pending.reject(new Error(`bcrypt failed: ${reply.message}`));
      }
      next();
    });
    let replaced = false;
    // 'error' is followed by 'exit': replace the thread once. One that never started (bcrypt does
    // not load) is not replaced, or it would be again and again: ready() reports it.
    const replace = (error: Error) => {
      if (closed || replaced) return;
      replaced = true;
      thread.current?.reject(error);
      thread.current = undefined;
      if (!thread.started) return;
      threads.splice(threads.indexOf(thread), 1, spawn());
      next();
    };
    thread.worker.on('error', replace);
    thread.worker.on('exit', (code) => replace(new Error(`bcrypt worker exited with code ${code}`)));
    return thread;
  }

  function next(): void {
    for (const thread of threads) {
      if (queue.length === 0) return;
      if (thread.current) continue;
      const pending = queue.shift()!;
      thread.current = pending;
      // Busy threads keep the process alive: a one-off script awaiting a hash must not exit early.
      thread.worker.ref();
      thread.worker.postMessage(pending.job);
    }
  }

  function submit<Result extends string | boolean>(job: Job): Promise<Result> {
    if (closed) return Promise.reject(new Error('the bcrypt worker pool is closed'));
    return new Promise<Result>((resolve, reject) => {
      queue.push({ job, resolve: resolve as (result: string | boolean) => void, reject });
      next();
    });
  }

  for (let i = 0; i < size; i += 1) threads.push(spawn());

  return {
    size,
    ready: async () => {
      await Promise.all(threads.map((thread) => thread.ready));
    },
    hash: (password, cost) => submit<string>({ op: 'hash', password, cost }),
    compare: (password, hash) => submit<boolean>({ op: 'compare', password, hash }),
    async close() {
      if (closed) return;
      closed = true;
      const stopped = new Error('the bcrypt worker pool is closed');
      for (const pending of queue.splice(0)) pending.reject(stopped);
      for (const thread of threads) thread.current?.reject(stopped);
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}
