import type { FixedWindowCounter } from './fixed-window-counter';
import { RateLimitedError } from './rate-limited-error';

export interface LoginLimits {
  /** Failed logins allowed per client IP per window. */
  perIp: number;
  /** Failed logins allowed per account (lower-cased email) per window. */
  perAccount: number;
}

export interface LoginAttempt {
  ip: string;
  email: string;
}

/** An attempt that holds a place in both counters until it is known to have succeeded. */
export interface LoginReservation {
  /** Gives the place back: the login succeeded, or failed for a reason other than credentials. */
  release(): Promise<void>;
}

/**
 * Brute-force protection for login. Every attempt is counted before auth sees it, atomically, so
 * a burst of concurrent guesses cannot slip past the limit; an attempt that succeeds is taken
 * back, so only failures use up the allowance. Past the limit, attempts are refused before auth
 * spends a bcrypt compare on them.
 */
export interface LoginGuard {
  /** Counts the attempt; throws RateLimitedError when the IP or the account is over its limit. */
  reserve(attempt: LoginAttempt): Promise<LoginReservation>;
}

const IP_SCOPE = 'login-ip';
const ACCOUNT_SCOPE = 'login-account';

// Emails are case-insensitive accounts (auth matches them so); count them as one.
const accountOf = (email: string) => email.trim().toLowerCase();

export function createLoginGuard(counter: FixedWindowCounter, limits: LoginLimits): LoginGuard {
  return {
    async reserve({ ip, email }) {
      const account = accountOf(email);
      const [byIp, byAccount] = await Promise.all([
        counter.increment(IP_SCOPE, ip),
        counter.increment(ACCOUNT_SCOPE, account),
      ]);
      const waitMs = Math.max(
        byIp.count > limits.perIp ? byIp.resetInMs : 0,
        byAccount.count > limits.perAccount ? byAccount.resetInMs : 0,
      );
      if (waitMs > 0) throw new RateLimitedError(waitMs);
      return {
        async release() {
          await Promise.all([
            counter.decrement(IP_SCOPE, ip, byIp.window),
            counter.decrement(ACCOUNT_SCOPE, account, byAccount.window),
          ]);
        },
      };
    },
  };
}
