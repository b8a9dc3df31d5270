import type fc from 'fast-check';

/** The seed CI runs with, so that every run sends the same requests. */
const DEFAULT_SEED = 20_261_201;

function numberFrom(name: string, fallback: number, isValid: (value: number) => boolean, expected: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!isValid(value)) throw new Error(`${name}: expected ${expected}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * fast-check parameters for one fuzz property: `FUZZ_SEED` replaces the fixed seed and
 * `FUZZ_RUNS_FACTOR` multiplies every property's number of runs (docs/security/fuzzing.md). fast-check
 * names the seed and the counterexample's path in the message of a failure, so a failing run is
 * replayed with `FUZZ_SEED=<seed>`.
 */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  return {
    seed: numberFrom('FUZZ_SEED', DEFAULT_SEED, Number.isSafeInteger, 'an integer'),
    numRuns: Math.max(1, Math.round(numRuns * numberFrom('FUZZ_RUNS_FACTOR', 1, (n) => n > 0, 'a positive number'))),
  };
}
