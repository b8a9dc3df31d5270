import { createHash } from 'node:crypto';
import { clientAddressKey, RateLimitedError, type FixedWindowCounter, type WindowCount } from '@ticres/shared';
import { normalizeEmail } from '../domain/email';

/** Failed logins allowed; each limit has its window (see the counters). */
export interface LoginLimits {
  /** Per (account, client address), in the short window: the limit everybody meets, the owner too. */
  perAccountAddress: number;
  /** Per client address across accounts, in the short window; not for an address the account knows. */
  perAddress: number;
  /** Per account across addresses, in the long window; not for an address the account knows. */
  perAccount: number;
}

/** The addresses each account has logged in from (and so may keep logging in from while under attack). */
export interface KnownAddresses {
  /** False when the record cannot be read: the attempt is then treated as from a new address. */
  isKnown(account: string, address: string): Promise<boolean>;
  /** Remembers (or renews) the address after a successful login; never fails the login. */
  remember(account: string, address: string): Promise<void>;
}

export interface LoginThrottlePorts {
  limits: LoginLimits;
  /** Counts in the short window: per (account, address) and per address. */
  counter: FixedWindowCounter;
  /** Counts in the long window: per account. */
  accountCounter: FixedWindowCounter;
  knownAddresses: KnownAddresses;
}

/** An admitted attempt, counted as a failure until it is known to be something else. */
export interface LoginAttempt {
  /** The password was right: the attempt is taken back and the address becomes known to the account. */
  succeeded(): Promise<void>;
  /** Nothing was checked (overloaded, a database outage): the attempt is taken back. */
  unchecked(): Promise<void>;
}

export interface LoginThrottle {
  /** Counts the attempt, or throws RateLimitedError (its Retry-After the longest wait) without counting it. */
  admit(email: string, clientAddress: string): Promise<LoginAttempt>;
}

const ACCOUNT_ADDRESS_SCOPE = 'login-account-address';
const ADDRESS_SCOPE = 'login-address';
const ACCOUNT_SCOPE = 'login-account';

/**
 * The key of an account: a digest of its email as logins match it (case-insensitively), so Redis
 * holds no addresses, and every key has one length whatever was sent.
 */
export const accountKeyOf = (email: string): string => createHash('sha256').update(normalizeEmail(email).toLowerCase(), 'utf8').digest('base64url');

/** An IPv6 client by its /64, as the other per-address limits count it; '' (unknown) stays itself. */
const addressKeyOf = (address: string): string => clientAddressKey(address) ?? address;

/**
 * Brute-force protection for login that cannot lock the owner out (issue 10, item 6). Each
 * attempt is counted before the password is compared, atomically, so a burst of concurrent guesses
 * cannot slip past a limit; a refused attempt is not counted (so hammering while refused does not
 * push the slower limits along), and an attempt that succeeded or was never checked is taken back,
 * so only wrong passwords use up the allowance.
 *
 * Three limits: per (account, address), which everybody meets; per address, against one machine
 * guessing many accounts; per account, against many machines guessing one. The last two do not
 * apply from an address the account has logged in from before, so strangers failing from elsewhere,
 * or a crowd behind one address, never stop the owner logging in from where they usually do.
 */
export function createLoginThrottle({ limits, counter, accountCounter, knownAddresses }: LoginThrottlePorts): LoginThrottle {
  return {
    async admit(email, clientAddress) {
      const account = accountKeyOf(email);
      const address = addressKeyOf(clientAddress);
      const accountAddress = `${account}:${address}`;
      const known = await knownAddresses.isKnown(account, address);
      const [byAccountAddress, byAddress, byAccount] = await Promise.all([
        counter.increment(ACCOUNT_ADDRESS_SCOPE, accountAddress),
        counter.increment(ADDRESS_SCOPE, address),
        accountCounter.increment(ACCOUNT_SCOPE, account),
      ]);
      const takeBack = async () => {
        await Promise.all([
          counter.decrement(ACCOUNT_ADDRESS_SCOPE, accountAddress, byAccountAddress.window),
          counter.decrement(ADDRESS_SCOPE, address, byAddress.window),
          accountCounter.decrement(ACCOUNT_SCOPE, account, byAccount.window),
        ]);
      };
      const waitMs = Math.max(
        waitOver(byAccountAddress, limits.perAccountAddress),
        known ? 0 : waitOver(byAddress, limits.perAddress),
        known ? 0 : waitOver(byAccount, limits.perAccount),
      );
      if (waitMs > 0) {
        await takeBack();
        throw new RateLimitedError(waitMs, 'Too many failed logins; try again after the time in Retry-After.');
      }
      return {
        async succeeded() {
          await Promise.all([takeBack(), knownAddresses.remember(account, address)]);
        },
        unchecked: takeBack,
      };
    },
  };
}

/** How long until a count over its limit is allowed again; 0 when it is within. */
const waitOver = ({ count, resetInMs }: WindowCount, limit: number): number => (count > limit ? resetInMs : 0);
