import { AppError } from '../errors';
import type { ClaimRules, IdempotencyClaim, StoredIdempotencyKey } from './idempotency-key';

export interface ClaimIdempotencyKeyPorts {
  /** Each call commits on its own, outside the request's transaction. */
  idempotencyKeys: {
    /** True when the caller now owns the key for this request. */
    claim(claim: IdempotencyClaim, rules: ClaimRules): Promise<boolean>;
    find(userId: string, key: string): Promise<StoredIdempotencyKey | undefined>;
  };
  rules: ClaimRules;
}

export type IdempotencyKeyOutcome = { kind: 'claimed' } | { kind: 'replay'; resultId: string };

/** A claim can vanish between our insert and our read (its owner failed and released it): try again. */
const CLAIM_ROUNDS = 3;

const idempotencyKeyReused = (): AppError => new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');

const idempotencyInProgress = (): AppError => new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed.');

/**
 * Claims the key for this request, or finds the answer it already has. `claimed`: the caller now
 * owns the key, must record its result on it (`complete`) in the transaction that produces the
 * result, and must release it if the request fails. `replay`: the same request completed before;
 * the caller decides what to answer from `resultId`. Throws IDEMPOTENCY_KEY_REUSED when the key
 * answers another request, IDEMPOTENCY_IN_PROGRESS while the first request is still running.
 */
export async function claimIdempotencyKey({ idempotencyKeys, rules }: ClaimIdempotencyKeyPorts, claim: IdempotencyClaim): Promise<IdempotencyKeyOutcome> {
  for (let round = 1; round <= CLAIM_ROUNDS; round++) {
    if (await idempotencyKeys.claim(claim, rules)) return { kind: 'claimed' };
    const stored = await idempotencyKeys.find(claim.userId, claim.key);
    if (!stored) continue;
    if (stored.requestHash !== claim.requestHash) throw idempotencyKeyReused();
    if (stored.state === 'in_progress' || !stored.resultId) throw idempotencyInProgress();
    return { kind: 'replay', resultId: stored.resultId };
  }
  throw idempotencyInProgress();
}
