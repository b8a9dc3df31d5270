/** One caller's use of one Idempotency-Key for one request (its fingerprint). */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  requestHash: string;
}

/** A key's record as stored: whose request it answers, and the id of the result once there is one. */
export interface StoredIdempotencyKey {
  requestHash: string;
  state: 'in_progress' | 'completed';
  /** The booking, transaction, ... the first request produced; null until it completes. */
  resultId: string | null;
}

export interface ClaimRules {
  /** A key older than this is forgotten: the next request with it starts afresh. */
  ttlSeconds: number;
  /** An in-progress claim older than this was abandoned (its process died) and may be taken over. */
  abandonAfterSeconds: number;
}
