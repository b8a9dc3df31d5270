import { newId } from '@ticres/shared';
import { failure, startPrivatePostgres, type PrivatePostgres } from '@ticres/shared/testing';
import type { FakeBooking } from './support/fake-booking-server';
import { eventually, outboxOf, outcomeOf, startPaymentStack, transactionsOf, type PaymentStack } from './support/payment-stack';

/*
 * A real PostgreSQL restart (a private cluster of this file's own, never the shared server) while
 * payments are between the provider's capture and the commit that records it: the failure the
 * fault campaign of issue 11 saw charge a buyer twice.
 */

/** Payments waiting on the provider when the database goes down. */
const IN_FLIGHT = 6;

interface Buyer {
  booking: FakeBooking;
  /** Retries with the same key, as a careful client does; else retries without one. */
  key: string | undefined;
}

describe('a database restart in the middle of payments', () => {
  let postgres: PrivatePostgres;
  let stack: PaymentStack | undefined;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    // Grace 9 s (above deadline + provider timeout, as checked at start), reconciler every 200 ms.
    stack = await startPaymentStack(
      { GRPC_DEADLINE_MS: '5000', PROVIDER_TIMEOUT_MS: '4000', RECONCILE_AFTER_MS: '9100', RECONCILE_INTERVAL_MS: '200' },
      { databaseAdminUrl: postgres.adminUrl },
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
    await postgres?.destroy();
  });

  it('never captures twice: every capture ends SUCCEEDED on a paid booking or refunded, and the reconciler settles what was left PENDING', async () => {
    const { client, provider, pool } = stack!;
    const pay = (buyer: Buyer) =>
      client.call.Pay({ booking_id: buyer.booking.id, payment_method: 'credit_card', idempotency_key: buyer.key ?? '' }, { token: stack!.tokens.alice });
    // Half retry with their key; of the others, half meet a booking whose first claim lapsed at once
    // (as it does after CLAIM_TTL), so only payment's reconciliation can catch their second capture.
    const buyers: Buyer[] = Array.from({ length: IN_FLIGHT }, (_, i) => ({
      booking: stack!.booking.addBooking(stack!.ids.alice, { claimsLapseAtOnce: i % 4 === 3 }),
      key: i % 2 === 0 ? `restart-${newId()}` : undefined,
    }));

    const gate = provider.holdCharges();
    const firstAttempts = Promise.allSettled(buyers.map(pay));
    await eventually(
      async () => provider.charges.length,
      (count) => count === IN_FLIGHT,
    );
    await postgres.stop('fast');
    gate.release();
    // Captured, and then the commit of SUCCEEDED finds no database: the caller is told to come back.
    expect((await firstAttempts).map(outcomeOf)).toEqual(buyers.map(() => 'UNAVAILABLE'));
    await postgres.start();

    const left = await pool.query<{ status: string }>(/* sql */ `SELECT status FROM transactions`);
    expect(left.rows.map((row) => row.status)).toEqual(buyers.map(() => 'PENDING'));
    expect(provider.ledger().filter((entry) => entry.outcome === 'succeeded')).toHaveLength(IN_FLIGHT);

    // Every client tries again at once: with its key it is told to wait (nothing charged); without
    // one it is refused while booking's claim holds, or charged anew where the claim lapsed.
    const retries = (await Promise.allSettled(buyers.map(pay))).map(outcomeOf);
    buyers.forEach((buyer, i) => {
      const expected = buyer.key ? 'IDEMPOTENCY_IN_PROGRESS' : buyer.booking.claimsLapseAtOnce ? 'OK' : 'CONFLICT';
      expect([buyer.booking.id, retries[i]]).toEqual([buyer.booking.id, expected]);
    });

    const pendingIds = async () => (await pool.query<{ id: string }>(/* sql */ `SELECT id FROM transactions WHERE status = 'PENDING'`)).rows;
    expect(await eventually(pendingIds, (pending) => pending.length === 0, 30_000)).toEqual([]);
    await eventually(
      async () => provider.ledger().filter((e) => e.outcome === 'succeeded' && !e.refundedBy),
      (kept) => kept.length === IN_FLIGHT,
      15_000,
    );

    for (const buyer of buyers) {
      const transactions = await transactionsOf(pool, buyer.booking.id);
      const succeeded = transactions.filter((t) => t.status === 'SUCCEEDED');
      expect([buyer.booking.id, succeeded]).toEqual([buyer.booking.id, [expect.anything()]]);
      // The booking is paid by exactly that transaction.
      expect((await outboxOf(pool, 'booking.paid', buyer.booking.id)).map((paid) => paid.transaction_id)).toEqual([succeeded[0]!.id]);
      // Every capture of the booking is that transaction, or it went back.
      const references = new Map(transactions.map((t) => [t.external_id, t]));
      const captures = provider.ledger().filter((entry) => entry.outcome === 'succeeded' && references.has(entry.externalId));
      for (const capture of captures) {
        const transaction = references.get(capture.externalId)!;
        expect([capture.externalId, transaction.status === 'SUCCEEDED' || capture.refundedBy !== undefined]).toEqual([capture.externalId, true]);
      }
      expect(captures.length).toBe(buyer.booking.claimsLapseAtOnce ? 2 : 1);
    }

    // A keyed retry now replays the settled transaction instead of charging.
    const keyed = buyers.find((buyer) => buyer.key)!;
    await expect(pay(keyed)).resolves.toMatchObject({ status: 'SUCCEEDED' });
    expect((await failure(pay(buyers.find((buyer) => !buyer.key)!))).code).toBe('ALREADY_PAID');
  }, 120_000);
});
