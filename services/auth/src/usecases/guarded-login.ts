import { isAppError } from '@ticres/shared';
import type { Login, LoginInput } from './login';
import type { LoginThrottle } from './login-throttle';
import type { TokenPair } from './session-tokens';

/**
 * A login from `clientAddress`: the end user's address as the gateway vouches for it, or the
 * caller's own. `deadline` as for Login.
 */
export type GuardedLogin = (input: LoginInput, clientAddress: string, deadline?: number) => Promise<TokenPair>;

/**
 * Login behind its brute-force limits, in auth itself so that calling auth's port directly gains
 * nothing over the gateway. A refused attempt never reaches the password queue; only a wrong
 * email or password keeps its place in the counters.
 */
export function guardLogin(login: Login, throttle: LoginThrottle): GuardedLogin {
  return async (input, clientAddress, deadline) => {
    const attempt = await throttle.admit(input.email, clientAddress);
    let tokens: TokenPair;
    try {
      tokens = await login(input, deadline);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'INVALID_CREDENTIALS') await attempt.unchecked();
      throw error;
    }
    await attempt.succeeded();
    return tokens;
  };
}
