import { readdirSync } from 'node:fs';
import { readRepoFile, repoPath } from './repo';

/** A service's memory as the benchmark measured it, in MiB. */
export interface Footprint {
  peakMiB: number;
  endMiB: number;
}

/** The latest complete benchmark report: `bench/results/<date>.md` (partial runs carry a time and a profile). */
export function latestBenchReport(): string {
  const reports = readdirSync(repoPath('bench/results'))
    .filter((name) => /^\d{4}-\d{2}-\d{2}\.md$/.test(name))
    .sort();
  if (reports.length === 0) throw new Error('no complete benchmark report in bench/results');
  return `bench/results/${reports.at(-1)}`;
}

/** The rows of a report's "Footprint" table: `| service | peak RSS | RSS now | ... |`. */
export function readFootprints(report = latestBenchReport()): Map<string, Footprint> {
  const text = readRepoFile(report);
  const section = text.slice(text.indexOf('## Footprint'));
  const footprints = new Map<string, Footprint>();
  for (const match of section.matchAll(/^\| (\w+) \| ([\d.]+) MB \| ([\d.]+) MB \|/gm)) {
    footprints.set(match[1]!, { peakMiB: Number(match[2]), endMiB: Number(match[3]) });
  }
  return footprints;
}

const UNITS: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, K: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 };

/** A Kubernetes memory quantity (`448Mi`, `1Gi`, `500M`) in MiB. */
export function quantityMiB(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(String(quantity));
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  return Number(match[1]) * (match[2] ? UNITS[match[2]]! : 1 / 2 ** 20);
}
