import { isAppError } from '@ticres/shared';
import type { Login, LoginInput } from './login';
import type { LoginThrottle } from './login-throttle';
import type { TokenPair } from './session-tokens';

/**
 * A login from `clientAddress`: the end user's address as the gateway vouches for it, or the
 * caller's own. `deadline` as for Login.
 */
export type GuardedLogin = (input: LoginInput, clientAddress: string, deadline?: number) => Promise<TokenPair>;

/** Throws OverloadedError when the password queue would refuse a login arriving now (AdmissionQueue.checkArrival). */
export type CheckPasswordQueue = (deadline?: number) => void;

/**
 * Login behind its brute-force limits, in auth itself so that calling auth's port directly gains
 * nothing over the gateway. A refused attempt never reaches the password queue; only a wrong
 * email or password keeps its place in the counters. A login the password queue would refuse is
 * refused first, before it is counted: in a storm the excess costs no Redis round trips.
 */
export function guardLogin(login: Login, throttle: LoginThrottle, checkPasswordQueue: CheckPasswordQueue): GuardedLogin {
  return async (input, clientAddress, deadline) => {
    checkPasswordQueue(deadline);
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
