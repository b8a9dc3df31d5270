/**
 * Scenario 5: a stadium. One event of 100 rows x 500 seats created through the API: how long until
 * it is bookable, what its seat map costs (bytes on the wire raw, gzip and br, time cold and
 * warm, ETag -> 304), then best-available holds on it.
 */
import type { Context, Section } from '../context.ts';
import { counts, cpuTable, table } from '../markdown.ts';
import { fmt } from '../stats.ts';
import { ENCODINGS, eventAtScale, type ScaleFigures } from './event-at-scale.ts';

export const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

export function seatMapRows(figures: ScaleFigures): string[][] {
  return ENCODINGS.map((encoding) => {
    const e = figures.encodings[encoding];
    return [`Accept-Encoding: ${encoding}`, e.contentEncoding, kb(e.wireBytes), `${fmt(e.warmMedianMs)} ms`, e.warmMs.map((ms) => fmt(ms)).join(', ')];
  });
}

export async function stadium(ctx: Context): Promise<{ section: Section; figures: ScaleFigures }> {
  const { rows, seatsPerRow, fetches, holdAttempts, concurrency } = ctx.profile.stadium;
  const figures = await eventAtScale(ctx, 'stadium', rows, seatsPerRow, holdAttempts, concurrency, fetches);
  const h = figures.holds;
  const markdown = [
    `One event of ${rows} rows x ${seatsPerRow} seats (${figures.seats}), created with POST /api/v1/events as an admin. ` +
      `Seat map fetched through \`${figures.seatMapPath}\` (bench/src/seatmap.ts; BENCH_SEATMAP_PATH points it elsewhere, e.g. at a compact availability resource).`,
    '',
    table(
      ['', 'value'],
      [
        ['POST /events answered in', `${fmt(figures.createMs)} ms`],
        ['bookable after (hold probe, from sending POST /events)', `${fmt(figures.bookableMs)} ms`],
        ['first seat-map fetch (cold)', `${fmt(figures.coldFetch.ms)} ms, ${kb(figures.coldFetch.wireBytes)}`],
        ['ETag / Cache-Control', `${figures.etag ?? 'none'} / ${figures.cacheControl ?? 'none'}`],
        [
          'If-None-Match',
          figures.conditional
            ? `HTTP ${figures.conditional.status} in ${fmt(figures.conditional.ms)} ms, ${kb(figures.conditional.wireBytes)}`
            : 'not tried (no ETag)',
        ],
      ],
    ),
    '',
    table(['seat map', 'Content-Encoding answered', 'on the wire', 'warm median', 'warm fetches (ms)'], seatMapRows(figures)),
    '',
    `Best-available holds (1-4 seats): ${h.attempts} attempts at concurrency ${ctx.profile.stadium.concurrency}: ` +
      `${fmt(h.attemptsPerSec)} attempts/s, ${h.holds} holds (${h.seatsHeld} seats), p50 ${fmt(h.p50)} ms, p99 ${fmt(h.p99)} ms; answers: ${counts(h.statuses)}; ` +
      `generator CPU ${fmt(h.generatorCpuMs)} ms.`,
    '',
    cpuTable([{ title: 'stadium holds', runs: [h.cpuPerAttempt] }], 'attempt'),
  ].join('\n');
  const smallest = ENCODINGS.map((e) => figures.encodings[e]).sort((a, b) => a.wireBytes - b.wireBytes)[0]!;
  const summary = [
    ['stadium', 'bookable after create', `${fmt(figures.bookableMs)} ms`, '', '', '≤ 2 s', figures.bookableMs <= 2_000 ? 'yes' : 'no'],
    [
      'stadium',
      `seat map on the wire (${smallest.contentEncoding})`,
      kb(smallest.wireBytes),
      '',
      '',
      '< 500 KB',
      smallest.wireBytes < 500 * 1024 ? 'yes' : 'no',
    ],
    [
      'stadium',
      'seat map, warm (client-side time)',
      `${fmt(smallest.warmMedianMs)} ms`,
      '',
      '',
      '< 50 ms server time',
      smallest.warmMedianMs < 50 ? 'yes' : 'no',
    ],
  ];
  return { section: { key: 'stadium', title: 'Stadium: a 50,000-seat event', json: figures, markdown, summary }, figures };
}
