/**
 * Scenario 9: footprint. Peak resident memory (VmHWM) of each service over everything the run did
 * so far, and its resident memory now; also the load generator's and the benchmark's own.
 */
import type { Context, Section } from '../context.ts';
import { table } from '../markdown.ts';
import { memoryOf, type Memory } from '../proc.ts';
import { SERVICES } from '../stack.ts';
import { fmt } from '../stats.ts';

const TARGET_MB = 150;

export function footprint(ctx: Context, when: string): Section {
  const pids = ctx.stack.pids();
  const entries: [string, Memory | undefined][] = [
    ...SERVICES.map((name) => [name, memoryOf(pids[name])] as [string, Memory | undefined]),
    ['load generator', ctx.generator.memory()],
    ['bench driver (SMTP server, set-up)', memoryOf(process.pid)],
  ];
  const figures = Object.fromEntries(entries);
  const rows = entries.map(([name, m]) => [
    name,
    m ? `${fmt(m.peakRssMb)} MB` : '–',
    m ? `${fmt(m.rssMb)} MB` : '–',
    SERVICES.includes(name as (typeof SERVICES)[number]) && m ? (m.peakRssMb < TARGET_MB ? 'yes' : 'no') : '',
  ]);
  const markdown = [`Measured ${when}.`, '', table(['process', 'peak RSS (VmHWM)', 'RSS now', `< ${TARGET_MB} MB`], rows)].join('\n');
  const services = entries.filter(([name, m]) => m && SERVICES.includes(name as (typeof SERVICES)[number]));
  const largest = services.sort((a, b) => b[1]!.peakRssMb - a[1]!.peakRssMb)[0];
  const over = services.filter(([, m]) => m!.peakRssMb >= TARGET_MB).map(([name]) => name);
  const summary = largest
    ? [
        [
          'footprint',
          'largest peak RSS of a service',
          `${largest[0]} ${fmt(largest[1]!.peakRssMb)} MB`,
          '',
          '',
          `< ${TARGET_MB} MB each`,
          over.length ? `no (${over.join(', ')})` : 'yes',
        ],
      ]
    : [];
  return { key: 'footprint', title: 'Footprint: peak RSS of each service', json: figures, markdown, summary };
}
