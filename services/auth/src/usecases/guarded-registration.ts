import { clientAddressKey, isAppError, isOverloadedError, RateLimitedError, type FixedWindowCounter } from '@ticres/shared';
import type { RegistrationInput } from '../domain/registration';
import type { User } from '../domain/user';
import type { CheckPasswordQueue } from './guarded-login';
import type { RegisterUser } from './register-user';

/** A sign-up from `clientAddress`, as for GuardedLogin; `deadline` as for RegisterUser. */
export type GuardedRegistration = (input: RegistrationInput, clientAddress: string, deadline?: number) => Promise<User>;

const SCOPE = 'register-address';

/**
 * Sign-ups limited per client address (an IPv6 address by its /64), so one machine cannot mint
 * throwaway accounts by the dozen; in auth itself, so calling auth's port directly gains nothing
 * over the gateway. Every sign-up auth handles counts, a taken email included, and so does one
 * refused for the limit; one auth did nothing for (refused under load, its database out of reach)
 * is taken back. A sign-up the password queue would refuse is refused first, uncounted.
 */
export function guardRegistration(
  registerUser: RegisterUser,
  counter: FixedWindowCounter,
  perAddress: number,
  checkPasswordQueue: CheckPasswordQueue,
): GuardedRegistration {
  return async (input, clientAddress, deadline) => {
    checkPasswordQueue(deadline);
    // '' (no address known) stays itself, as the login limits count it.
    const address = clientAddressKey(clientAddress) ?? clientAddress;
    const { count, resetInMs, window } = await counter.increment(SCOPE, address);
    if (count > perAddress) throw new RateLimitedError(resetInMs, 'Too many sign-ups from this address; try again after the time in Retry-After.');
    try {
      return await registerUser(input, deadline);
    } catch (error) {
      if (isOverloadedError(error) || (isAppError(error) && error.code === 'UNAVAILABLE')) await counter.decrement(SCOPE, address, window);
      throw error;
    }
  };
}
