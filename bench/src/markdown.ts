/** Small Markdown builders for the scenarios' sections of the report. */
import type { perRequest } from './cpu-meter.ts';
import { fmt, spread } from './stats.ts';

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

type PerRequest = ReturnType<typeof perRequest>;

/**
 * CPU per request of each process group, median over the runs of each column, µs; groups that
 * spent (nearly) nothing are left out.
 */
export function cpuTable(columns: readonly { title: string; runs: readonly PerRequest[] }[], unit = 'request'): string {
  const groups = new Set<string>();
  for (const column of columns) for (const run of column.runs) for (const [group, v] of Object.entries(run)) if (v.ms >= 5) groups.add(group);
  const order = [
    'fastify hello-world',
    'gateway',
    'auth',
    'catalog',
    'booking',
    'payment',
    'notifier',
    'postgres',
    'redis (shared)',
    'rabbitmq (shared)',
    'generator',
    'bench driver',
  ];
  const sorted = [...groups].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const rows = sorted.map((group) => [
    group,
    ...columns.map((column) => {
      const us = spread(column.runs.map((run) => run[group]?.usPerRequest ?? 0)).median;
      const core = spread(column.runs.map((run) => run[group]?.corePct ?? 0)).median;
      return `${fmt(us)} µs (${fmt(core, 2)} % of a core)`;
    }),
  ]);
  return table([`CPU per ${unit} (median of runs)`, ...columns.map((c) => c.title)], rows);
}

/** A JSON record as inline code, for status and problem code counts. */
export const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || '–';
