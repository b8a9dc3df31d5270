/**
 * The benchmark (`bash bench/run.sh`, see README "Benchmark"): starts the stack, registers the
 * buyers, runs the scenarios with their baselines in this same run, checks correctness, writes
 * bench/results/<date>.md and .json, and exits non-zero when a check failed. `--smoke` runs every
 * check with tiny numbers and writes nothing (CI).
 */
import os from 'node:os';
import { createAdmin, createApi, registerUsers } from './api.ts';
import { Checks } from './checks.ts';
import type { Context, Section } from './context.ts';
import { createCpuMeter } from './cpu-meter.ts';
import { startGenerator } from './loadgen/client.ts';
import type { HttpRequestSpec } from './loadgen/protocol.ts';
import { parseOptions, stackSettings } from './options.ts';
import { describeMachine, writeReport, type Report } from './report.ts';
import { browse } from './scenarios/browse.ts';
import { ensureCatalog } from './scenarios/catalog.ts';
import type { ScaleFigures } from './scenarios/event-at-scale.ts';
import { footprint } from './scenarios/footprint.ts';
import { loginStorm } from './scenarios/login-storm.ts';
import { overloadMix } from './scenarios/overload-mix.ts';
import { onSale } from './scenarios/onsale.ts';
import { purchase } from './scenarios/purchase.ts';
import { listFigures, scale } from './scenarios/scale.ts';
import { stadium } from './scenarios/stadium.ts';
import { startStack } from './stack.ts';
import { fmt } from './stats.ts';

const SECTION_ORDER = ['onsale', 'browse', 'stadium', 'purchase', 'scale', 'login', 'overload', 'footprint'];

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const { profile, only } = options;
  const started = performance.now();
  const checks = new Checks();
  const errors: string[] = [];
  const sections: Section[] = [];
  log(`profile ${profile.name}, ${profile.runs} run(s), scenarios: ${[...only].join(', ')}`);

  const settings = stackSettings();
  log('starting the stack (migrations, six services) on free ports and a database of its own');
  const stack = await startStack({ settings });
  log(`stack started in ${fmt((performance.now() - started) / 1000)} s`);
  const generator = startGenerator();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log('interrupted: stopping the stack');
    void Promise.allSettled([generator.stop(), stack.stop({ keepDatabase: options.keepDatabase })]).then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const api = createApi(stack.baseUrl);
    const meter = createCpuMeter(stack, generator, profile.name === 'smoke' ? 2_000 : 10_000);
    const machine = await describeMachine(stack.sql, await stack.redis().info('server'));
    log(`stack ready at ${stack.baseUrl} (database ${stack.databaseName}); registering ${profile.users} buyers`);
    const admin = await createAdmin(api, stack.sql);
    const t0 = performance.now();
    const users = await registerUsers(api, profile.users);
    log(`registered ${users.length} buyers in ${fmt((performance.now() - t0) / 1000)} s`);
    const ctx: Context = { profile, stack, api, generator, meter, checks, admin, users, log };

    const step = async (name: string, work: () => Promise<void>) => {
      const t0 = performance.now();
      try {
        await work();
      } catch (error) {
        errors.push(`${name}: ${(error as Error).stack ?? String(error)}`);
        checks.add(name, 'ran to the end', false, (error as Error).message.split('\n')[0]);
      }
      log(`${name} took ${fmt((performance.now() - t0) / 1000)} s`);
    };

    let smallCatalog: Awaited<ReturnType<typeof listFigures>> = [];
    let stadiumFigures: ScaleFigures | undefined;
    if (only.has('browse') || only.has('scale')) await step('catalog', async () => void (await ensureCatalog(ctx)));
    if (only.has('browse')) await step('browse', async () => void sections.push(await browse(ctx)));
    if (only.has('scale')) await step('scale (small catalog)', async () => void (smallCatalog = await listFigures(ctx)));
    if (only.has('onsale')) await step('on-sale', async () => void sections.push(await onSale(ctx)));
    if (only.has('stadium')) {
      await step('stadium', async () => {
        const result = await stadium(ctx);
        sections.push(result.section);
        stadiumFigures = result.figures;
      });
    }
    if (only.has('purchase')) await step('purchase', async () => void sections.push(await purchase(ctx)));
    if (only.has('scale')) await step('scale', async () => void sections.push(await scale(ctx, { smallCatalog, stadium: stadiumFigures })));
    if (only.has('footprint')) sections.push(footprint(ctx, 'after every scenario but the login storm (which restarts auth)'));
    if (only.has('login')) {
      // The overload scenario runs with auth as the login storm leaves it (bcrypt at its cost).
      let largestBurst: HttpRequestSpec[] = [];
      await step('login storm', async () => {
        const storm = await loginStorm(ctx);
        sections.push(storm.section);
        largestBurst = storm.largestBurst;
      });
      await step('overload', async () => void sections.push(await overloadMix(ctx, largestBurst)));
    }

    machine.loadAverageAtEnd = os.loadavg();
    sections.sort((a, b) => SECTION_ORDER.indexOf(a.key) - SECTION_ORDER.indexOf(b.key));
    const report: Report = {
      date: new Date().toISOString().slice(0, 10),
      command: ['bash bench/run.sh', ...process.argv.slice(2)].join(' '),
      profile,
      machine,
      settings,
      durationMs: performance.now() - started,
      sections,
      checks: checks.all,
      generatorCpuMs: generator.cpuMs(),
      errors,
    };
    if (options.writeResults) log(`report: ${writeReport(report, options.complete)}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await generator.stop();
    await stack.stop({ keepDatabase: options.keepDatabase });
  }

  for (const error of errors) log(`error: ${error}`);
  const failed = checks.failed.length;
  log(`done in ${fmt((performance.now() - started) / 1000)} s`);
  // A plain closing line that CI reads as the test count.
  process.stdout.write(`checks: ${checks.all.length - failed} passed, ${failed} failed\n`);
  return failed === 0 && errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
