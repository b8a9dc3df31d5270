import { existsSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';
import type { HistoryEntry } from './history';
import type { RecordedMail } from './mailbox';

/*
 * The checks of the fault history test, each over the run's database (every service's schema, as
 * the superuser), the simulated provider's ledger file, the mails the SMTP recorder received or the
 * recorded history. Each returns the violations it found, described, so a failure names them.
 */

/** One line of the simulated provider's ledger file (services/payment/src/provider/simulated-provider.ts). */
export interface LedgerLine {
  externalId: string;
  outcome: 'succeeded' | 'declined';
  amountCents: number;
  refundedBy: string | null;
}

/** The provider's ledger as its file ends: the last line about a reference wins. */
export function readLedgerFile(file: string): LedgerLine[] {
  const entries = new Map<string, LedgerLine>();
  if (!existsSync(file)) return [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim()) {
      const entry = JSON.parse(line) as LedgerLine;
      entries.set(entry.externalId, entry);
    }
  }
  return [...entries.values()];
}

const rowsOf = async <T extends object>(sql: Client, text: string): Promise<T[]> => (await sql.query<T>(text)).rows;

/** Work the services still owe: PENDING transactions or refunds, unpublished outbox rows. Empty once settled. */
export async function unsettledWork(sql: Client): Promise<string[]> {
  const rows = await rowsOf<{ what: string; n: string }>(
    sql,
    /* sql */ `
    SELECT 'PENDING transactions' AS what, count(*) AS n FROM payment.transactions WHERE status = 'PENDING'
    UNION ALL SELECT 'PENDING refunds', count(*) FROM payment.refunds WHERE status = 'PENDING'
    UNION ALL SELECT 'unpublished catalog events', count(*) FROM catalog.outbox WHERE published_at IS NULL
    UNION ALL SELECT 'unpublished booking events', count(*) FROM booking.outbox WHERE published_at IS NULL
    UNION ALL SELECT 'unpublished payment events', count(*) FROM payment.outbox WHERE published_at IS NULL
    UNION ALL SELECT 'PAID bookings of cancelled events', count(*) FROM booking.bookings b
      JOIN catalog.events e ON e.id = b.event_id WHERE e.status = 'cancelled' AND b.status IN ('PAID', 'PENDING')`,
  );
  return rows.filter((row) => Number(row.n) > 0).map((row) => `${row.n} ${row.what}`);
}

/** No seat sold twice: a seat is in at most one PAID booking. */
export async function seatsSoldTwice(sql: Client): Promise<string[]> {
  const rows = await rowsOf<{ seat_id: string; bookings: string[] }>(
    sql,
    /* sql */ `SELECT i.seat_id, array_agg(b.id) AS bookings FROM booking.booking_items i
      JOIN booking.bookings b ON b.id = i.booking_id WHERE b.status = 'PAID'
      GROUP BY i.seat_id HAVING count(*) > 1`,
  );
  return rows.map((row) => `seat ${row.seat_id} sold to bookings ${row.bookings.join(', ')}`);
}

/** Every PAID booking has exactly one SUCCEEDED transaction. */
export async function paidWithoutOneSuccess(sql: Client): Promise<string[]> {
  const rows = await rowsOf<{ id: string; n: string }>(
    sql,
    /* sql */ `SELECT b.id, count(t.id) AS n FROM booking.bookings b
      LEFT JOIN payment.transactions t ON t.booking_id = b.id AND t.status = 'SUCCEEDED'
      WHERE b.status = 'PAID' GROUP BY b.id HAVING count(t.id) <> 1`,
  );
  return rows.map((row) => `PAID booking ${row.id} has ${row.n} SUCCEEDED transactions`);
}

/** No PAID booking on a cancelled event. */
export async function paidOnCancelledEvents(sql: Client): Promise<string[]> {
  const rows = await rowsOf<{ id: string; event_id: string }>(
    sql,
    /* sql */ `SELECT b.id, b.event_id FROM booking.bookings b JOIN catalog.events e ON e.id = b.event_id
      WHERE e.status = 'cancelled' AND b.status = 'PAID'`,
  );
  return rows.map((row) => `booking ${row.id} is PAID on cancelled event ${row.event_id}`);
}

interface ChargeRow {
  external_id: string;
  status: string;
  booking_status: string | null;
  refund_external_id: string | null;
  refund_status: string | null;
  refund_cents: string | null;
}

const chargesOf = (sql: Client) =>
  rowsOf<ChargeRow>(
    sql,
    /* sql */ `SELECT t.external_id, t.status, b.status AS booking_status, r.external_id AS refund_external_id,
        r.status AS refund_status, r.amount_cents AS refund_cents
      FROM payment.transactions t LEFT JOIN booking.bookings b ON b.id = t.booking_id
      LEFT JOIN payment.refunds r ON r.transaction_id = t.id`,
  );

/** Every capture the provider made is a SUCCEEDED transaction of a PAID booking, or was refunded. */
export async function capturesNotSettled(sql: Client, ledger: readonly LedgerLine[]): Promise<string[]> {
  const charges = new Map((await chargesOf(sql)).map((row) => [row.external_id, row]));
  return ledger
    .filter((entry) => entry.outcome === 'succeeded')
    .flatMap((entry) => {
      const charge = charges.get(entry.externalId);
      if (entry.refundedBy !== null) return [];
      if (charge?.status === 'SUCCEEDED' && charge.booking_status === 'PAID') return [];
      return [`capture ${entry.externalId} kept, its transaction ${charge ? `${charge.status}, booking ${charge.booking_status}` : 'missing'}`];
    });
}

/** Every refund matches a charge: the provider refunded a capture of that amount under the refund's reference, and the other way round. */
export async function refundsWithoutCharge(sql: Client, ledger: readonly LedgerLine[]): Promise<string[]> {
  const captures = new Map(ledger.filter((entry) => entry.outcome === 'succeeded').map((entry) => [entry.externalId, entry]));
  const charges = await chargesOf(sql);
  const refundReferences = new Set(charges.map((row) => row.refund_external_id).filter((id) => id !== null));
  const recorded = charges
    .filter((row) => row.refund_status === 'COMPLETED')
    .flatMap((row) => {
      const capture = captures.get(row.external_id);
      if (capture && capture.refundedBy === row.refund_external_id && capture.amountCents === Number(row.refund_cents)) return [];
      return [`refund ${row.refund_external_id} of ${row.refund_cents} for ${row.external_id}: provider has ${JSON.stringify(capture ?? null)}`];
    });
  const unknown = ledger
    .filter((entry) => entry.refundedBy !== null && !refundReferences.has(entry.refundedBy))
    .map((entry) => `provider refund ${entry.refundedBy} of ${entry.externalId} has no refund row`);
  return [...recorded, ...unknown];
}

/** Every paid buyer got one tickets mail; a duplicate (redelivery after a crash) carries the same Message-ID. */
export async function ticketMailsNotOnce(sql: Client, mails: readonly RecordedMail[]): Promise<string[]> {
  const confirmed = await rowsOf<{ id: string; status: string }>(
    sql,
    /* sql */ `SELECT DISTINCT b.id, b.status FROM booking.bookings b JOIN booking.outbox o
      ON o.aggregate_id = b.id AND o.type = 'booking.confirmed'`,
  );
  const tickets = mails.filter((mail) => mail.subject.startsWith('Your tickets for '));
  return confirmed.flatMap(({ id, status }) => {
    const ids = new Set(tickets.filter((mail) => mail.text.includes(id)).map((mail) => mail.messageId));
    return ids.size === 1 ? [] : [`${status} booking ${id} got ${ids.size} distinct tickets mails`];
  });
}

/** An outage is 503 (or no answer while a process is down), never another 5xx. */
export function serverErrors(history: readonly HistoryEntry[]): string[] {
  return history
    .filter((entry) => entry.status >= 500 && entry.status !== 503)
    .map((entry) => `${entry.actor} ${entry.method} ${entry.path}: ${entry.status} ${entry.code ?? ''}`);
}

/**
 * Every payment a client was told succeeded ends with its booking PAID or REFUNDED, or, when an
 * admin cancelled the event while the payment was in flight, with the booking CANCELLED and that
 * payment refunded (DESIGN section 5: a payment racing the cancellation ends refunded).
 */
export async function acceptedPaymentsLost(sql: Client, history: readonly HistoryEntry[]): Promise<string[]> {
  const paid = history.filter((entry) => entry.method === 'POST' && entry.path === '/api/v1/payments' && entry.status === 201);
  const bookingIds = paid.map((entry) => (entry.data as { booking_id: string }).booking_id);
  const { rows } = await sql.query<{ id: string; status: string; event_status: string; refunded: boolean }>(
    /* sql */ `SELECT b.id, b.status, e.status AS event_status,
        EXISTS (SELECT 1 FROM payment.transactions t JOIN payment.refunds r ON r.transaction_id = t.id
          WHERE t.booking_id = b.id AND t.status = 'REFUNDED' AND r.status = 'COMPLETED') AS refunded
      FROM booking.bookings b JOIN catalog.events e ON e.id = b.event_id WHERE b.id = ANY($1::uuid[])`,
    [bookingIds],
  );
  const ended = new Map(rows.map((row) => [row.id, row]));
  return bookingIds.flatMap((id) => {
    const row = ended.get(id);
    if (row && ['PAID', 'REFUNDED'].includes(row.status)) return [];
    if (row?.status === 'CANCELLED' && row.event_status === 'cancelled' && row.refunded) return [];
    return [`paid booking ${id} ended ${row ? `${row.status}, event ${row.event_status}, refunded: ${row.refunded}` : 'missing'}`];
  });
}
