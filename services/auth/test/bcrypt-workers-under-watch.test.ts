import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built pool: `node --watch` runs compiled code, as `pnpm dev` does (turbo builds before tests). */
const BUILT_POOL = join(__dirname, '../dist/passwords/bcrypt-worker-pool.js');

describe('bcrypt worker pool', () => {
  /*
   * `pnpm dev` runs each service under `node --watch`, where Node posts messages of its own on a
   * worker's port (the modules the worker requires). The pool once took the first of them for a
   * reply, and auth failed to start with "bcrypt failed: undefined".
   */
  it('hashes in a process run by `node --watch`', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ticres-bcrypt-watch-'));
    const script = join(directory, 'hash.js');
    writeFileSync(
      script,
      `const { createBcryptWorkerPool } = require(${JSON.stringify(BUILT_POOL)});
const pool = createBcryptWorkerPool({ size: 1 });
pool.ready()
  .then(() => pool.hash('correct horse', 4))
  .then((hash) => console.log('hashed ' + hash.slice(0, 7)), (error) => console.log('failed ' + error.message))
  .finally(() => pool.close());
`,
    );
    // The watcher keeps running after the script ends: read the script's line, then stop it.
    const child = spawn(process.execPath, ['--watch', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let output = '';
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const answer = /^(hashed|failed) .*$/m.exec(output);
          if (answer) resolve(answer[0]);
          else if (/Failed running/.test(output)) reject(new Error(`the script failed: ${output}`));
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`node --watch exited (${code}) before the script answered: ${output}`)));
      });
      expect(line).toBe('hashed $2b$04$');
    } finally {
      child.kill();
      rmSync(directory, { recursive: true, force: true });
    }
  }, 30_000);
});
