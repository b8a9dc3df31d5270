import { isAppError } from '@ticres/shared';
import type { Login, LoginInput } from './login';
import type { LoginThrottle } from './login-throttle';
import { inPasswordPlace, type HoldPasswordPlace } from './password-work';
import type { TokenPair } from './session-tokens';

/**
 * A login from `clientAddress`: the end user's address as the gateway vouches for it, or the
 * caller's own. `deadline` as for HoldPasswordPlace.
 */
export type GuardedLogin = (input: LoginInput, clientAddress: string, deadline?: number) => Promise<TokenPair>;

/**
 * Login behind its brute-force limits, in auth itself so that calling auth's port directly gains
 * nothing over the gateway. A refused attempt never reaches the password queue; only a wrong
 * email or password keeps its place in the counters. The login's place in the password queue is
 * held first, before it is counted: in a storm the excess is refused at once and costs no Redis
 * round trips, and the places of the logins being counted are not handed out again meanwhile.
 */
export function guardLogin(login: Login, throttle: LoginThrottle, holdPasswordPlace: HoldPasswordPlace): GuardedLogin {
  return (input, clientAddress, deadline) =>
    inPasswordPlace(holdPasswordPlace, deadline, async (place) => {
      const attempt = await throttle.admit(input.email, clientAddress);
      let tokens: TokenPair;
      try {
        tokens = await login(input, place);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'INVALID_CREDENTIALS') await attempt.unchecked();
        throw error;
      }
      await attempt.succeeded();
      return tokens;
    });
}
