import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRepoFile, REPO_ROOT } from '../src/repo';

/*
 * What goes into an image, checked without a Docker engine: the Dockerfile's own `pnpm deploy`
 * command (read from the Dockerfile, so the two cannot drift apart) runs for every service into a
 * folder, offline, as the image build does after `pnpm fetch`, and the result is looked at and
 * started as the runtime stage starts it.
 */
const SERVICES = ['auth', 'catalog', 'booking', 'payment', 'notifier', 'gateway'] as const;

/**
 * The workspace's development tools, which an image must never carry. (Type packages may: some
 * production dependencies depend on them, e.g. the pg instrumentation on @types/pg.)
 */
const DEV_TOOLS = /^(?:(?:typescript|jest|eslint|prettier|turbo|ts-node|fast-check|testcontainers)@|@swc\+|@typescript-eslint\+)/;

/** The Dockerfile's `pnpm ... deploy ...` commands: the runtime stage's (SERVICE) and the migration image's (service). */
const deployCommands = (): string[] =>
  [...readRepoFile('Dockerfile').matchAll(/pnpm (.*--filter "@ticres\/\$\{(?:SERVICE|service)\}".* deploy [^/]*) "?\/out/gm)].map((match) =>
    match[1]!.replaceAll('${service}', '${SERVICE}'),
  );

/** The deploy stage's command for `service`, as arguments to pnpm, without its target folder. */
function deployArguments(service: string): string[] {
  const [command] = deployCommands();
  if (!command) throw new Error('the Dockerfile has no `pnpm ... --filter "@ticres/${SERVICE}" ... deploy ... /out` line');
  return command.replace('${SERVICE}', service).replaceAll('"', '').split(/\s+/);
}

describe('the images, as the Dockerfile builds them (pnpm deploy, without Docker)', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'ticres-images-'));
  });

  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it('runs a service with the Node flags scripts/start.sh uses (scripts/service-node-flags)', () => {
    const runtimeStage = readRepoFile('Dockerfile').split(/^FROM .* AS runtime$/m)[1] ?? '';
    const nodeOptions = /^ENV .*\bNODE_OPTIONS=(?:"([^"]*)"|(\S+))/m.exec(runtimeStage);
    expect(nodeOptions?.[1] ?? nodeOptions?.[2]).toBe(readRepoFile('scripts/service-node-flags').trim());
  });

  it('builds the migration image with the same deploy command as the service images', () => {
    const commands = deployCommands();
    expect(commands).toHaveLength(2);
    expect(new Set(commands).size).toBe(1);
  });

  it.each(SERVICES)(
    '%s: its built code and production dependencies from the lockfile, and it starts',
    (service) => {
      const image = path.join(out, service);
      // An empty metadata cache, as in the image build: `pnpm fetch` fills the store, not the cache.
      const cache = path.join(out, `${service}-cache`);
      const deploy = spawnSync('pnpm', [`--config.cache-dir=${cache}`, ...deployArguments(service), image], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect({ status: deploy.status, output: deploy.status === 0 ? '' : deploy.stderr + deploy.stdout }).toEqual({ status: 0, output: '' });

      expect(existsSync(path.join(image, 'dist', 'main.js'))).toBe(true);
      expect(['src', 'test', 'tsconfig.json', 'jest.config.js'].filter((name) => existsSync(path.join(image, name)))).toEqual([]);
      expect(readdirSync(path.join(image, 'node_modules', '.pnpm')).filter((name) => DEV_TOOLS.test(name))).toEqual([]);

      // Every production dependency loads, native ones included (auth's bcrypt loads only in its
      // worker threads, after the configuration is read)...
      const load = spawnSync(
        process.execPath,
        ['-e', "(async () => { for (const name of Object.keys(require('./package.json').dependencies)) await import(name); console.log('loaded'); })()"],
        { cwd: image, encoding: 'utf8', timeout: 30_000 },
      );
      expect({ status: load.status, stdout: load.stdout.trim(), stderr: load.stderr.slice(0, 500) }).toEqual({ status: 0, stdout: 'loaded', stderr: '' });
      // ...and the service gets as far as refusing a bad setting (exit 1, naming it).
      const run = spawnSync(process.execPath, ['dist/main.js'], {
        cwd: image,
        env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'chatty' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect({
        status: run.status,
        missingModule: /Cannot find module/.test(run.stderr),
        namesSetting: /LOG_LEVEL/.test(run.stderr + run.stdout),
      }).toEqual({
        status: 1,
        missingModule: false,
        namesSetting: true,
      });
    },
    120_000,
  );
});
