/** The run's report: bench/results/<date>.md and .json (machine, settings, every figure, the checks). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Check } from './checks.ts';
import type { Section } from './context.ts';
import { table } from './markdown.ts';
import { SETTING_REASONS, type Profile } from './options.ts';
import { REPO_ROOT } from './stack.ts';
import { fmt } from './stats.ts';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGb: number;
  node: string;
  postgres: string;
  redis: string;
  os: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  commit: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(sql: pg.Client, redisInfo: string): Promise<Machine> {
  const { rows } = await sql.query<{ server_version: string }>('SHOW server_version');
  const dirty = git(['status', '--porcelain']) !== '';
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: rows[0]?.server_version ?? 'unknown',
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'unknown',
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' + uncommitted changes' : ''}`,
  };
}

export interface Report {
  date: string;
  /** The command line that produced it. */
  command: string;
  profile: Profile;
  machine: Machine;
  settings: Record<string, string>;
  durationMs: number;
  sections: Section[];
  checks: Check[];
  generatorCpuMs: number;
  errors: string[];
}

export function renderMarkdown(report: Report): string {
  const { machine: m } = report;
  const failed = report.checks.filter((c) => !c.ok);
  const summary = report.sections.flatMap((s) => s.summary ?? []);
  const lines = [
    `# TicRes benchmark, ${report.date} (${report.profile.name})`,
    '',
    `Produced by \`${report.command}\` in ${fmt(report.durationMs / 1000)} s. ` +
      'Every figure sits next to its baseline measured in the same run; the ratio is the result (see ../shared/PERFORMANCE.md). ' +
      'The machine is shared: other work ran beside this one (load average below).',
    '',
    '## Machine',
    '',
    table(
      ['', ''],
      [
        ['nproc', String(m.nproc)],
        ['CPU', m.cpu],
        ['memory', `${fmt(m.memoryGb)} GB`],
        ['OS', m.os],
        ['Node', m.node],
        ['PostgreSQL', m.postgres],
        ['Redis', m.redis],
        ['load average (1/5/15 min) at start', m.loadAverageAtStart.map((v) => fmt(v)).join(' / ')],
        ['load average at end', (m.loadAverageAtEnd ?? []).map((v) => fmt(v)).join(' / ')],
        ['commit', m.commit],
      ],
    ),
    '',
    '## Settings',
    '',
    "The stack runs as an operator runs it: each service's `dist/main.js`, NODE_ENV=production, JSON logs at info (to bench/.run/<service>.log), " +
      "tracing off, on free ports, a database, RabbitMQ exchange and queues, and Redis key prefixes of the run's own. Settings given to every service:",
    '',
    table(
      ['setting', 'value', 'why, when not the default'],
      Object.entries(report.settings).map(([k, v]) => [k, v, SETTING_REASONS[k] ?? '']),
    ),
    '',
    `Load generator: undici Pool in a process of its own (bench/src/loadgen); its CPU over the whole run: ${fmt(report.generatorCpuMs)} ms ` +
      `(${fmt((100 * report.generatorCpuMs) / report.durationMs, 2)} % of one core on average); per scenario below.`,
    '',
  ];
  if (summary.length > 0) {
    lines.push(
      '## Summary',
      '',
      'Targets from issues 8 and 9; details in the sections below.',
      '',
      table(['scenario', 'figure', 'TicRes', 'baseline (same run)', 'ratio', 'target', 'met'], summary),
      '',
    );
  }
  for (const section of report.sections) lines.push(`## ${section.title}`, '', section.markdown, '');
  lines.push(
    '## Correctness checks',
    '',
    failed.length === 0
      ? `All ${report.checks.length} checks passed.`
      : `**${failed.length} of ${report.checks.length} checks FAILED:**\n\n${failed.map((c) => `- ${c.scenario}: ${c.name} (${c.detail})`).join('\n')}`,
    '',
    '<details><summary>Every check</summary>',
    '',
    table(
      ['scenario', 'check', 'result', 'detail'],
      report.checks.map((c) => [c.scenario, c.name, c.ok ? 'ok' : 'FAILED', c.detail]),
    ),
    '',
    '</details>',
    '',
  );
  if (report.errors.length > 0) lines.push('## Errors', '', ...report.errors.map((e) => `    ${e.split('\n').join('\n    ')}`), '');
  return lines.join('\n');
}

/**
 * Writes bench/results/<date>.md and .json for a complete default run (every scenario, the full
 * profile, its run count); any other run (--quick, --only, --runs, --smoke --results) goes to
 * <date>-<time>-<what>.md so it never overwrites the report of a complete run. Returns the path.
 */
export function writeReport(report: Report, complete: boolean): string {
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const time = new Date().toISOString().slice(11, 19).replace(/:/g, '');
  const what = [report.profile.name, ...report.sections.map((s) => s.key)].join('-');
  const base = path.join(dir, complete ? report.date : `${report.date}-${time}-${what}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(report));
  return `${base}.md`;
}
