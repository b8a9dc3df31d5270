import { isRevokedBy, revocationKeys, tokenRevoked, type Logger, type Principal } from '@ticres/shared';

/** The part of the Redis client the check uses: one MGET per lookup. */
export interface RevocationReader {
  mget(...keys: string[]): Promise<(string | null)[]>;
}

export interface RevocationCheckOptions {
  redis: RevocationReader;
  /** auth's `REVOCATION_KEY_PREFIX`. */
  prefix: string;
  /**
   * How long an answer is reused for the same (user, token version, session): the bound on how
   * long a token keeps working after a logout or a role change is recorded. 0: ask every time.
   */
  cacheMs: number;
  /** Answers remembered at most; the oldest goes first. */
  maxEntries?: number;
  logger: Logger;
  now?: () => number;
}

/** Throws TOKEN_REVOKED for a person's token that a logout or a role change has revoked. */
export type RevocationCheck = (principal: Principal) => Promise<void>;

/** A Redis outage is logged at most this often. */
const WARN_EVERY_MS = 60_000;

/**
 * Reads auth's revocation record (`revocation-record.ts` in @ticres/shared) for every
 * authenticated request: one MGET of the user's and the session's key, which ioredis pipelines
 * with the other commands of the same tick. Answers are shared by every request of the same
 * (user, version, session) for `cacheMs`, and concurrent lookups for it share one MGET, so an
 * on-sale's burst of holds costs about one lookup per person per `cacheMs`.
 *
 * With Redis unreachable the check lets the token through (fail open) and logs it: ordinary
 * requests keep working with tokens that live at most ACCESS_TOKEN_TTL_SECONDS, while admin
 * routes do not depend on this check at all (they re-check with auth's database).
 */
export function createRevocationCheck(options: RevocationCheckOptions): RevocationCheck {
  const { redis, prefix, cacheMs, maxEntries = 10_000, logger, now = Date.now } = options;
  const keys = revocationKeys(prefix);
  const answers = new Map<string, { until: number; revoked: Promise<boolean> }>();
  let warnedAt = Number.NEGATIVE_INFINITY;

  async function lookUp(principal: Principal): Promise<boolean> {
    const sessionKey = principal.sessionId === undefined ? undefined : keys.session(principal.sessionId);
    try {
      const [minimumVersion = null, sessionMark = null] = await redis.mget(keys.user(principal.userId), ...(sessionKey ? [sessionKey] : []));
      return isRevokedBy(principal, minimumVersion, sessionMark);
    } catch (error) {
      if (now() - warnedAt >= WARN_EVERY_MS) {
        warnedAt = now();
        logger.warn({ err: error }, 'revocation record unreadable (Redis); access tokens are accepted on their signature alone');
      }
      return false;
    }
  }

  return async (principal) => {
    const key = `${principal.userId}|${principal.tokenVersion ?? 0}|${principal.sessionId ?? ''}`;
    const at = now();
    let answer = answers.get(key);
    if (!answer || answer.until <= at) {
      answers.delete(key);
      if (answers.size >= maxEntries) answers.delete(answers.keys().next().value!);
      answer = { until: at + cacheMs, revoked: lookUp(principal) };
      if (cacheMs > 0) answers.set(key, answer);
    }
    if (await answer.revoked) throw tokenRevoked();
  };
}
