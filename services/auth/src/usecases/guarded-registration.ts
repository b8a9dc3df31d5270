import { clientAddressKey, isAppError, isOverloadedError, RateLimitedError, type FixedWindowCounter } from '@ticres/shared';
import type { RegistrationInput } from '../domain/registration';
import type { User } from '../domain/user';
import { inPasswordPlace, type HoldPasswordPlace } from './password-work';
import type { RegisterUser } from './register-user';

/** A sign-up from `clientAddress`, as for GuardedLogin; `deadline` as for HoldPasswordPlace. */
export type GuardedRegistration = (input: RegistrationInput, clientAddress: string, deadline?: number) => Promise<User>;

const SCOPE = 'register-address';

/**
 * Sign-ups limited per client address (an IPv6 address by its /64), so one machine cannot mint
 * throwaway accounts by the dozen; in auth itself, so calling auth's port directly gains nothing
 * over the gateway. Every sign-up auth handles counts, a taken email included, and so does one
 * refused for the limit; one auth did nothing for (refused under load, its database out of reach)
 * is taken back. Its place in the password queue is held first: refused there, it is not counted.
 */
export function guardRegistration(
  registerUser: RegisterUser,
  counter: FixedWindowCounter,
  perAddress: number,
  holdPasswordPlace: HoldPasswordPlace,
): GuardedRegistration {
  return (input, clientAddress, deadline) =>
    inPasswordPlace(holdPasswordPlace, deadline, async (place) => {
      // '' (no address known) stays itself, as the login limits count it.
      const address = clientAddressKey(clientAddress) ?? clientAddress;
      const { count, resetInMs, window } = await counter.increment(SCOPE, address);
      if (count > perAddress) throw new RateLimitedError(resetInMs, 'Too many sign-ups from this address; try again after the time in Retry-After.');
      try {
        return await registerUser(input, place);
      } catch (error) {
        if (isOverloadedError(error) || (isAppError(error) && error.code === 'UNAVAILABLE')) await counter.decrement(SCOPE, address, window);
        throw error;
      }
    });
}
