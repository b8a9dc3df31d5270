/** Percentiles of one run, and min/median/max of a figure over runs. */

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  runs: number[];
}

/** min / median / max over the runs (NaN runs left out). */
export function spread(runs: readonly number[]): Spread {
  const valid = runs.filter((v) => Number.isFinite(v));
  const sorted = [...valid].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted.at(-1) ?? NaN, runs: [...runs] };
}

/** Each numeric field of the run records, as a spread over the runs. */
export function spreadOf<T extends Record<string, number>>(records: readonly T[]): Record<keyof T, Spread> {
  const keys = Object.keys(records[0] ?? {}) as (keyof T)[];
  return Object.fromEntries(keys.map((key) => [key, spread(records.map((r) => r[key]))])) as Record<keyof T, Spread>;
}

/** A number for a table: 3 significant digits, thousands separated. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const decimals = abs >= 10 ** digits ? 0 : Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.min(decimals, 6), minimumFractionDigits: 0 });
}

/** "median (min–max)" of a spread, or the single value when there was one run. */
export function fmtSpread(s: Spread, unit = ''): string {
  if (s.runs.length <= 1 || s.min === s.max) return `${fmt(s.median)}${unit}`;
  return `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})`;
}

/** a / b as a percentage string. */
export function pct(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${fmt((100 * a) / b)} %` : '–';
}

/** a / b as "N.NNx". */
export function times(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${fmt(a / b)}x` : '–';
}
