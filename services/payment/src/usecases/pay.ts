import { claimIdempotencyKey, requireUser, type ClaimIdempotencyKeyPorts, type ClaimRules, type IdempotencyClaim, type Principal } from '@ticres/shared';
import { paymentNotFound } from '../domain/errors';
import { parsePayRequest, payRequestFingerprint, type PayInput } from '../domain/pay-request';
import type { Transaction } from '../domain/transaction';
import type { ChargeBooking } from './charge-booking';
import type { FindEarlierAttempt } from './earlier-attempt';

export interface PayPorts {
  chargeBooking: ChargeBooking;
  findEarlierAttempt: FindEarlierAttempt;
  /** Each call commits on its own, outside the payment's transactions. */
  idempotencyKeys: ClaimIdempotencyKeyPorts['idempotencyKeys'] & { release(claim: IdempotencyClaim): Promise<void> };
  transactions: { findById(id: string): Promise<Transaction | undefined> };
  idempotencyTtlSeconds: number;
}

export type Pay = (caller: Principal, input: PayInput) => Promise<Transaction>;

/** Longer than a payment can run (claim and charge deadlines, statement timeout), so a live claim is never taken. */
export const ABANDONED_CLAIM_SECONDS = 60;

/**
 * Pay with its Idempotency-Key, as booking's HoldSeats does it. The key is claimed in its own
 * committed statement first; the successful transaction is recorded on it in the transaction that
 * marks it SUCCEEDED; a payment that fails (declined, timed out, refused by booking) releases the
 * claim, so the client may try again with the same key. The same key and request again replays
 * the first transaction (as it is now); another request with the key is IDEMPOTENCY_KEY_REUSED;
 * while the first is still running, IDEMPOTENCY_IN_PROGRESS. A key whose earlier attempt died
 * before recording its outcome answers from that attempt once it is reconciled, never by charging
 * again (`findEarlierAttempt`).
 */
export function createPay({ chargeBooking, findEarlierAttempt, idempotencyKeys, transactions, idempotencyTtlSeconds }: PayPorts): Pay {
  const rules: ClaimRules = { ttlSeconds: idempotencyTtlSeconds, abandonAfterSeconds: ABANDONED_CLAIM_SECONDS };

  return async (caller, input) => {
    requireUser(caller);
    const request = parsePayRequest(input);
    if (request.idempotencyKey === undefined) return chargeBooking(caller, request);

    const claim: IdempotencyClaim = { userId: caller.userId, key: request.idempotencyKey, requestHash: payRequestFingerprint(request) };
    const outcome = await claimIdempotencyKey({ idempotencyKeys, rules }, claim);
    if (outcome.kind === 'replay') {
      const transaction = await transactions.findById(outcome.resultId);
      if (!transaction) throw paymentNotFound();
      return transaction;
    }
    try {
      return (await findEarlierAttempt(claim, request.bookingId)) ?? (await chargeBooking(caller, request, claim));
    } catch (error) {
      // If releasing fails too, the claim lapses after ABANDONED_CLAIM_SECONDS; the payment's own
      // error is what the caller must see.
      await idempotencyKeys.release(claim).catch(() => undefined);
      throw error;
    }
  };
}
