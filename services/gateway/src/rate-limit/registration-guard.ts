import { clientAddressKey, type FixedWindowCounter, RateLimitedError } from '@ticres/shared';

/** A sign-up counted against its client address until it is known to have been served. */
export interface RegistrationReservation {
  /** Gives the place back: auth did nothing for the sign-up (overloaded, unreachable). */
  release(): Promise<void>;
}

/**
 * Limits sign-ups per client address (an IPv6 address by its /64), so one machine cannot mint
 * throwaway accounts by the dozen. Every sign-up auth handles counts, a taken email included;
 * one that auth never served is given back.
 */
export interface RegistrationGuard {
  /** Counts the sign-up; throws RateLimitedError once the address is over its limit. */
  reserve(ip: string): Promise<RegistrationReservation>;
}

const SCOPE = 'register-ip';

export function createRegistrationGuard(counter: FixedWindowCounter, perIp: number): RegistrationGuard {
  return {
    async reserve(ip) {
      const address = clientAddressKey(ip) ?? ip;
      const { count, resetInMs, window } = await counter.increment(SCOPE, address);
      if (count > perIp) throw new RateLimitedError(resetInMs);
      return { release: () => counter.decrement(SCOPE, address, window) };
    },
  };
}
