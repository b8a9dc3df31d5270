import { pbkdf2 } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import bcrypt from 'bcrypt';
import { createBcryptPasswordHasher } from './bcrypt-password-hasher';
import { createBcryptWorkerPool, type BcryptWorkerPool } from './bcrypt-worker-pool';

describe('bcrypt password hasher', () => {
  let workers: BcryptWorkerPool;
  beforeAll(() => {
    workers = createBcryptWorkerPool({ size: 1 });
  });
  afterAll(() => workers.close());

  it('hashes at the configured cost and verifies only the right password', async () => {
    const sut = createBcryptPasswordHasher(5, workers);
    const hash = await sut.hash('correct horse');
    expect(bcrypt.getRounds(hash)).toBe(5);
    await expect(sut.verify('correct horse', hash)).resolves.toBe(true);
    await expect(sut.verify('wrong horse', hash)).resolves.toBe(false);
  });

  it('makes the dummy hash at the same cost, so an unknown email costs as much as a wrong password', async () => {
    const sut = createBcryptPasswordHasher(5, workers);
    expect(bcrypt.getRounds(await sut.dummyHash())).toBe(5);
  });

  it('hashes on its own threads: it does not wait for work filling libuv’s thread pool', async () => {
    const sut = createBcryptPasswordHasher(4, workers);
    await sut.hash('warm the thread up');
    // More slow jobs than libuv has threads (4 unless UV_THREADPOOL_SIZE says otherwise).
    const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    let finished = 0;
    const slowJobs = Array.from(
      { length: poolSize },
      () =>
        new Promise<void>((resolve, reject) =>
          pbkdf2('filler', 'salt', 300_000, 32, 'sha256', (error) => {
            finished += 1;
            if (error) reject(error);
            else resolve();
          }),
        ),
    );
    await sut.hash('correct horse');
    const finishedBeforeTheHash = finished;
    await Promise.all(slowJobs);
    expect(finishedBeforeTheHash).toBe(0);
  });

  it('serves jobs in the order they came and survives a job that fails', async () => {
    const order: string[] = [];
    const hashed = await Promise.all([
      workers.hash('first', 4).then((hash) => (order.push('first'), hash)),
      workers.hash('second', 99).then(
        () => order.push('second'),
        () => order.push('second failed'),
      ),
      workers.hash('third', 4).then((hash) => (order.push('third'), hash)),
    ]);
    expect(order).toEqual(['first', 'second failed', 'third']);
    await expect(workers.compare('third', hashed[2])).resolves.toBe(true);
  });
});

describe('bcrypt worker threads', () => {
  /** The nice value of each thread of this process, from /proc (Linux). */
  const threadNices = (): number[] =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised name; nice is field 19 of stat, 17th after the name.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });

  (process.platform === 'linux' ? it : it.skip)('run at the configured lower priority, the rest of the process at its own', async () => {
    const before = threadNices().filter((nice) => nice === 7).length;
    const workers = createBcryptWorkerPool({ size: 2, nice: 7 });
    try {
      // Both threads have started once each has answered.
      await Promise.all([workers.hash('one', 4), workers.hash('two', 4)]);
      expect(threadNices().filter((nice) => nice === 7).length - before).toBe(2);
    } finally {
      await workers.close();
    }
  });
});
