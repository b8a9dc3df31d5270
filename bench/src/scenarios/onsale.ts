/**
 * Scenarios 1-3: the hot on-sale. Hold attempts of 1-4 random named seats, then of best-available
 * quantities, race for a 1,000-seat event; each run also sends the same attempts as raw SQL (the
 * ceiling) at the same concurrency. Runs alternate TicRes and raw SQL so drift hits both alike.
 */
import { createEvent, msUntilBookable } from '../api.ts';
import type { Context, Section } from '../context.ts';
import { counts, cpuTable, table } from '../markdown.ts';
import { seatsOf } from '../seatmap.ts';
import { fmt, fmtSpread, pct, spread, times } from '../stats.ts';
import { bestAvailableAttempts, namedAttempts } from '../workload.ts';
import { apiHoldStorm, type StormFigures } from './hold-storm.ts';
import { createRawEvent, prepareRawSchema, rawHoldStorm } from './raw-sql.ts';

const PRICE_CENTS = 75_000_000;
type Mode = 'named' | 'best';
const MODES: Mode[] = ['named', 'best'];

interface ModeRuns {
  ticres: StormFigures[];
  raw: StormFigures[];
  bookableMs: number[];
}

export async function onSale(ctx: Context): Promise<Section> {
  const { rows, seatsPerRow, attempts, concurrency } = ctx.profile.onsale;
  const capacity = rows * seatsPerRow;
  const migrations = await prepareRawSchema(ctx);
  const results: Record<Mode, ModeRuns> = {
    named: { ticres: [], raw: [], bookableMs: [] },
    best: { ticres: [], raw: [], bookableMs: [] },
  };

  for (let run = 1; run <= ctx.profile.runs; run++) {
    for (const mode of MODES) {
      const seed = run * 1_000 + (mode === 'named' ? 1 : 2);
      const list = mode === 'named' ? namedAttempts(attempts, capacity, seed) : bestAvailableAttempts(attempts, seed);
      const label = `on-sale ${mode} run ${run}`;

      ctx.log(`${label}: TicRes, ${attempts} attempts at concurrency ${concurrency}`);
      const event = await createEvent(ctx.api, ctx.admin, `On-sale ${mode} run ${run}`, [
        { name: 'Main', price_cents: PRICE_CENTS, rows, seats_per_row: seatsPerRow },
      ]);
      results[mode].bookableMs.push(await msUntilBookable(ctx.api, event, ctx.admin));
      const seatIds = mode === 'named' ? (await seatsOf(ctx.api.baseUrl, event.id)).map((s) => s.id) : [];
      if (mode === 'named') ctx.checks.add(label, 'seat map lists every seat', seatIds.length === capacity, `${seatIds.length} of ${capacity}`);
      const ticres = await apiHoldStorm(ctx, `${label} (TicRes)`, event, list, seatIds, concurrency);
      results[mode].ticres.push(ticres);

      ctx.log(`${label}: raw SQL`);
      const rawEvent = await createRawEvent(ctx, rows, seatsPerRow, PRICE_CENTS);
      const raw = await rawHoldStorm(ctx, `${label} (raw SQL)`, rawEvent, list, concurrency);
      results[mode].raw.push(raw);

      if (mode === 'best') {
        for (const [who, figures] of [
          ['TicRes', ticres],
          ['raw SQL', raw],
        ] as const) {
          ctx.checks.add(
            `${label} (${who})`,
            'sold out exactly: every seat taken, none left',
            figures.ledger.taken === capacity && figures.ledger.available === 0,
            `${figures.ledger.taken} taken, ${figures.ledger.available} available of ${capacity}`,
          );
        }
      }
    }
  }
  return section(ctx, results, { capacity, attempts, concurrency, migrations });
}

function section(
  ctx: Context,
  results: Record<Mode, ModeRuns>,
  setup: { capacity: number; attempts: number; concurrency: number; migrations: string[] },
): Section {
  const s = (runs: StormFigures[], pick: (f: StormFigures) => number) => spread(runs.map(pick));
  const rows: string[][] = [];
  const figure = (name: string, pick: (f: StormFigures) => number, unit: string, ratio?: 'pct' | 'x') => {
    const cells = [name];
    for (const mode of MODES) {
      const t = s(results[mode].ticres, pick);
      const r = s(results[mode].raw, pick);
      cells.push(fmtSpread(t, unit), fmtSpread(r, unit), ratio === 'pct' ? pct(t.median, r.median) : ratio === 'x' ? times(t.median, r.median) : '');
    }
    rows.push(cells);
  };
  figure('attempts/s', (f) => f.attemptsPerSec, '', 'pct');
  figure('holds/s (while selling)', (f) => f.holdsPerSec, '', 'pct');
  figure('time to the last hold', (f) => f.msToLastHold, ' ms', 'x');
  figure('seats sold', (f) => f.seatsHeld, '');
  figure('p50, all attempts', (f) => f.p50, ' ms', 'x');
  figure('p99, all attempts', (f) => f.p99, ' ms', 'x');
  figure('p50 winners (201)', (f) => f.winnersP50, ' ms', 'x');
  figure('p99 winners (201)', (f) => f.winnersP99, ' ms', 'x');
  figure('p50 losers (409)', (f) => f.losersP50, ' ms', 'x');
  figure('p99 losers (409)', (f) => f.losersP99, ' ms', 'x');
  figure('generator CPU (ms)', (f) => f.generatorCpuMs, '');

  const bookable = MODES.map((m) => `${m}: ${fmtSpread(spread(results[m].bookableMs), ' ms')}`).join('; ');
  const answers = MODES.map(
    (m) => `- ${m}, last run: TicRes ${counts(results[m].ticres.at(-1)!.codes)}; raw SQL ${counts(results[m].raw.at(-1)!.codes)}`,
  ).join('\n');
  const markdown = [
    `${setup.attempts} hold attempts per run on a fresh event of ${setup.capacity} seats (one section), ${setup.concurrency} concurrent, ` +
      `spread round-robin over ${ctx.users.length} buyers; named: 1-4 random seats each; best available: a quantity of 1-4 ` +
      `(the last tenth 1). The raw-SQL ceiling sends the same attempts, in the same order, as one transaction each ` +
      `(booking row, conditional seat UPDATE ... WHERE status = 'available', items + total, outbox row) through node-postgres ` +
      `with a pool of ${ctx.profile.rawPoolSize}, its statements prepared as booking's are, on a copy of booking's schema (${setup.migrations.join(', ')}). ` +
      `Figures: median (min–max) of ${ctx.profile.runs} run(s); ratio = TicRes median / raw median.`,
    '',
    table(['', 'TicRes named', 'raw SQL named', 'ratio', 'TicRes best', 'raw SQL best', 'ratio'], rows),
    '',
    `Seats bookable after POST /events (hold probe): ${bookable}.`,
    '',
    'Answers other than 201:',
    answers,
    '',
    cpuTable(
      [
        { title: 'TicRes named', runs: results.named.ticres.map((f) => f.cpuPerAttempt) },
        { title: 'TicRes best', runs: results.best.ticres.map((f) => f.cpuPerAttempt) },
        { title: 'raw SQL named', runs: results.named.raw.map((f) => f.cpuPerAttempt) },
        { title: 'raw SQL best', runs: results.best.raw.map((f) => f.cpuPerAttempt) },
      ],
      'attempt',
    ),
  ].join('\n');
  const summary = MODES.flatMap((mode) => {
    const t = results[mode].ticres;
    const r = results[mode].raw;
    const rate = [s(t, (f) => f.attemptsPerSec).median, s(r, (f) => f.attemptsPerSec).median] as const;
    const p99 = [s(t, (f) => f.p99).median, s(r, (f) => f.p99).median] as const;
    const scenario = `on-sale, ${mode === 'named' ? 'named seats' : 'best available'}`;
    return [
      [scenario, 'attempts/s', fmt(rate[0]), `${fmt(rate[1])} (raw SQL)`, pct(rate[0], rate[1]), '≥ 50 %', rate[0] / rate[1] >= 0.5 ? 'yes' : 'no'],
      [
        scenario,
        'p99, all attempts',
        `${fmt(p99[0])} ms`,
        `${fmt(p99[1])} ms (raw SQL)`,
        times(p99[0], p99[1]),
        '≤ 2x',
        p99[0] / p99[1] <= 2 ? 'yes' : 'no',
      ],
    ];
  });
  return { key: 'onsale', title: 'Hot on-sale: named seats, best available, raw-SQL ceiling', json: { setup, results }, markdown, summary };
}
