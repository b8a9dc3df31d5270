import { requireUser, type Principal } from '@ticres/shared';
import { idempotencyInProgress, idempotencyKeyReused, paymentNotFound } from '../domain/errors';
import { parsePayRequest, payRequestFingerprint, type PayInput } from '../domain/pay-request';
import type { Transaction } from '../domain/transaction';
import type { ChargeBooking, IdempotencyClaim } from './charge-booking';

export type { IdempotencyClaim } from './charge-booking';

export interface StoredIdempotencyKey {
  requestHash: string;
  state: 'in_progress' | 'completed';
  transactionId: string | null;
}

export interface ClaimRules {
  /** A key older than this is forgotten: the next request with it starts afresh. */
  ttlSeconds: number;
  /** An in-progress claim older than this was abandoned (its process died) and may be taken over. */
  abandonAfterSeconds: number;
}

export interface PayPorts {
  chargeBooking: ChargeBooking;
  /** Each call commits on its own, outside the payment's transactions. */
  idempotencyKeys: {
    /** True when the caller now owns the key for this request. */
    claim(claim: IdempotencyClaim, rules: ClaimRules): Promise<boolean>;
    find(userId: string, key: string): Promise<StoredIdempotencyKey | undefined>;
    release(claim: IdempotencyClaim): Promise<void>;
  };
  transactions: { findById(id: string): Promise<Transaction | undefined> };
  idempotencyTtlSeconds: number;
}

/** `token` is the caller's access token, forwarded to booking. */
export type Pay = (caller: Principal, token: string, input: PayInput) => Promise<Transaction>;

/** Longer than a payment can run (claim and charge deadlines, statement timeout), so a live claim is never taken. */
export const ABANDONED_CLAIM_SECONDS = 60;

/** A claim can vanish between our insert and our read (its owner failed and released it): try again. */
const CLAIM_ROUNDS = 3;

type KeyOutcome = { kind: 'claimed' } | { kind: 'replay'; transactionId: string };

/**
 * Pay with its Idempotency-Key, as booking's HoldSeats does it. The key is claimed in its own
 * committed statement first; the successful transaction is recorded on it in the transaction that
 * marks it SUCCEEDED; a payment that fails (declined, timed out, refused by booking) releases the
 * claim, so the client may try again with the same key. The same key and request again replays
 * the first transaction (as it is now); another request with the key is IDEMPOTENCY_KEY_REUSED;
 * while the first is still running, IDEMPOTENCY_IN_PROGRESS.
 */
export function createPay({ chargeBooking, idempotencyKeys, transactions, idempotencyTtlSeconds }: PayPorts): Pay {
  const rules: ClaimRules = { ttlSeconds: idempotencyTtlSeconds, abandonAfterSeconds: ABANDONED_CLAIM_SECONDS };

  const claimKey = async (claim: IdempotencyClaim): Promise<KeyOutcome> => {
    for (let round = 1; round <= CLAIM_ROUNDS; round++) {
      if (await idempotencyKeys.claim(claim, rules)) return { kind: 'claimed' };
      const stored = await idempotencyKeys.find(claim.userId, claim.key);
      if (!stored) continue;
      if (stored.requestHash !== claim.requestHash) throw idempotencyKeyReused();
      if (stored.state === 'in_progress' || !stored.transactionId) throw idempotencyInProgress();
      return { kind: 'replay', transactionId: stored.transactionId };
    }
    throw idempotencyInProgress();
  };

  return async (caller, token, input) => {
    requireUser(caller);
    const request = parsePayRequest(input);
    if (request.idempotencyKey === undefined) return chargeBooking(caller, token, request);

    const claim: IdempotencyClaim = { userId: caller.userId, key: request.idempotencyKey, requestHash: payRequestFingerprint(request) };
    const outcome = await claimKey(claim);
    if (outcome.kind === 'replay') {
      const transaction = await transactions.findById(outcome.transactionId);
      if (!transaction) throw paymentNotFound();
      return transaction;
    }
    try {
      return await chargeBooking(caller, token, request, claim);
    } catch (error) {
      // If releasing fails too, the claim lapses after ABANDONED_CLAIM_SECONDS; the payment's own
      // error is what the caller must see.
      await idempotencyKeys.release(claim).catch(() => undefined);
      throw error;
    }
  };
}
