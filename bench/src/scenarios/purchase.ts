/**
 * Scenario 6: the full purchase. Buyers side by side, each in turn: hold (best available), pay
 * (the simulated provider at PROVIDER_LATENCY_MS=0), and the confirmation mail ("Your tickets
 * for ...") received by the SMTP server in the benchmark's process; timed from the hold request
 * (and from the pay request) to the mail's arrival.
 */
import { createEvent, msUntilBookable } from '../api.ts';
import { sleep } from '../clock.ts';
import type { Context, Section } from '../context.ts';
import { perRequest } from '../cpu-meter.ts';
import { cpuTable, table } from '../markdown.ts';
import { fmt, percentile } from '../stats.ts';

const TICKETS = /^Your tickets for /;
const MAIL_TIMEOUT_MS = 60_000;
const SETTLE_MS = 90_000;

export async function purchase(ctx: Context): Promise<Section> {
  const { buyers, perBuyer, quantity } = ctx.profile.purchase;
  const scenario = 'purchase';
  const seats = buyers * perBuyer * quantity;
  const perRow = Math.min(25, seats);
  const event = await createEvent(ctx.api, ctx.admin, 'Purchase event', [
    { name: 'Main', price_cents: 30_000_000, rows: Math.ceil(seats / perRow) + 1, seats_per_row: perRow },
  ]);
  await msUntilBookable(ctx.api, event, ctx.admin);
  const buyerAccounts = ctx.users.slice(0, buyers);

  // The stack may still be busy with the earlier storms (their outbox messages, expiring holds): let
  // it finish first, so this measures a purchase, not a queue of work ahead of it.
  const mailsBefore = ctx.stack.mailbox.mails.length;
  const waitedMs = await ctx.meter.settle(SETTLE_MS);
  const backlog = ctx.stack.mailbox.mails.length - mailsBefore;
  ctx.log(`purchase: waited ${Math.round(waitedMs)} ms for the stack to go quiet (${backlog} mails of earlier scenarios arrived meanwhile)`);
  ctx.log(`purchase: ${buyers} buyers x ${perBuyer} purchases of ${quantity} seats`);
  const { value: result, cpu } = await ctx.meter.measure(async () => {
    const job = await ctx.generator.run({
      kind: 'purchase',
      origin: ctx.api.baseUrl,
      buyers: buyerAccounts.map((b) => ({ token: b.token })),
      perBuyer,
      eventId: event.id,
      quantity,
    });
    // The mails are part of what is measured: wait for them inside the CPU window.
    const paid = job.outcomes.filter((o) => o.payStatus === 201 && o.bookingId);
    const mails = await Promise.all(paid.map((o) => ctx.stack.mailbox.waitFor(o.bookingId!, TICKETS, MAIL_TIMEOUT_MS)));
    return { job, paid, mails };
  });
  const { job, paid, mails } = result;
  const outcomes = job.outcomes;

  const failed = outcomes.filter((o) => o.holdStatus !== 201 || o.payStatus !== 201);
  ctx.checks.add(
    scenario,
    'every hold 201 and every payment 201',
    failed.length === 0,
    failed.length ? `${failed.length} failed, e.g. ${failed[0]!.error ?? failed[0]!.body}` : `${outcomes.length} purchases`,
  );
  const missing = mails.filter((m) => m === undefined).length;
  ctx.checks.add(
    scenario,
    'a confirmation mail for every paid booking',
    missing === 0,
    `${paid.length - missing} of ${paid.length} within ${MAIL_TIMEOUT_MS / 1000} s`,
  );
  await sleep(1_000);
  const duplicates = paid.filter(
    (o) => ctx.stack.mailbox.mails.filter((m) => TICKETS.test(m.subject) && m.bookingIds.includes(o.bookingId!)).length > 1,
  ).length;
  ctx.checks.add(scenario, 'exactly one confirmation mail per booking (1 s later)', duplicates === 0, `${duplicates} bookings with more than one`);
  const { rows } = await ctx.stack.sql.query<{ paid: number; sold: number }>(
    `SELECT (SELECT count(*) FROM booking.bookings WHERE event_id = $1 AND status = 'PAID')::int AS paid,
            (SELECT count(*) FROM booking.seats WHERE event_id = $1 AND status = 'sold')::int AS sold`,
    [event.id],
  );
  ctx.checks.add(
    scenario,
    'database: every paid booking PAID, its seats sold',
    rows[0]!.paid === paid.length && rows[0]!.sold === paid.length * quantity,
    `${rows[0]!.paid} PAID, ${rows[0]!.sold} seats sold, ${paid.length} payments answered 201`,
  );

  const timed = paid.map((o, i) => ({ o, mail: mails[i] })).filter((x) => x.mail !== undefined);
  const fromHold = timed.map(({ o, mail }) => mail!.at - o.holdStart);
  const fromPay = timed.map(({ o, mail }) => mail!.at - o.payStart!);
  const holdMs = outcomes.map((o) => o.holdEnd - o.holdStart);
  const payMs = paid.map((o) => o.payEnd! - o.payStart!);
  const line = (name: string, values: number[]) => [
    name,
    `${fmt(percentile(values, 0.5))} ms`,
    `${fmt(percentile(values, 0.99))} ms`,
    `${fmt(Math.max(...values))} ms`,
  ];
  const figures = {
    settledAfterMs: waitedMs,
    mailBacklog: backlog,
    purchases: outcomes.length,
    paid: paid.length,
    holdToMail: { p50: percentile(fromHold, 0.5), p99: percentile(fromHold, 0.99) },
    payToMail: { p50: percentile(fromPay, 0.5), p99: percentile(fromPay, 0.99) },
    hold: { p50: percentile(holdMs, 0.5), p99: percentile(holdMs, 0.99) },
    pay: { p50: percentile(payMs, 0.5), p99: percentile(payMs, 0.99) },
    generatorCpuMs: job.cpuMs,
    cpuPerPurchase: perRequest(cpu, outcomes.length),
  };
  const markdown = [
    `${buyers} buyers side by side, each making ${perBuyer} purchases in turn (hold ${quantity} best-available seats, pay with a test card); ` +
      `${paid.length} of ${outcomes.length} paid. Timed to the arrival of the "Your tickets for ..." mail at the benchmark's SMTP server. No baseline: an absolute budget. ` +
      `Before it, the benchmark waited ${fmt(waitedMs / 1000)} s for the stack to go quiet; ${backlog} mails of the earlier scenarios arrived meanwhile` +
      (backlog > 0 ? ` (${fmt((backlog * 1000) / waitedMs)} mails/s).` : '.'),
    '',
    table(
      ['', 'p50', 'p99', 'max'],
      [
        line('hold request -> confirmation mail', fromHold),
        line('pay request -> confirmation mail', fromPay),
        line('POST /bookings', holdMs),
        line('POST /payments', payMs),
      ],
    ),
    '',
    `Generator CPU: ${fmt(job.cpuMs)} ms.`,
    '',
    cpuTable([{ title: 'purchase (hold + pay + mail)', runs: [figures.cpuPerPurchase] }], 'purchase'),
  ].join('\n');
  const summary = [
    [
      'purchase',
      `pay request -> mail p99 (${buyers} buyers)`,
      `${fmt(figures.payToMail.p99)} ms`,
      '',
      '',
      '< 250 ms',
      figures.payToMail.p99 < 250 ? 'yes' : 'no',
    ],
    [
      'purchase',
      `hold request -> mail p99 (${buyers} buyers)`,
      `${fmt(figures.holdToMail.p99)} ms`,
      '',
      '',
      '< 250 ms',
      figures.holdToMail.p99 < 250 ? 'yes' : 'no',
    ],
  ];
  return { key: 'purchase', title: 'Full purchase: hold -> pay -> confirmation mail', json: figures, markdown, summary };
}
