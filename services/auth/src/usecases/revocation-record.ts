/**
 * Where auth publishes revocations for every verifier to see (Redis, read by the gateway on each
 * request). Each method throws UNAVAILABLE when the record cannot be written; auth's own
 * database stays the truth that privileged calls check.
 */
export interface RevocationRecord {
  /** Refuses the user's access tokens signed below `version`. Never lowers what is stored. */
  raiseMinimumVersion(userId: string, version: number): Promise<void>;
  /** Refuses every access token of the session (refresh-token family). */
  revokeSession(sessionId: string): Promise<void>;
}
