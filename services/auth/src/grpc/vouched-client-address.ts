import { isIP } from 'node:net';
import { CLIENT_ADDRESS_METADATA, createThrottledWarning, isGatewayToken, type CallContext, type Logger } from '@ticres/shared';
import type { CheckAccessToken } from '../usecases/check-access-token';

/** The address a login or a sign-up is counted under, from what its call carries; `call` names it in the log. */
export type VouchedClientAddress = (context: CallContext, call: 'login' | 'register') => Promise<string>;

/**
 * The end user's address named in `ticres-client-address`, believed only when the call carries
 * the gateway's own token; otherwise (no token, a person's or another service's token, a token
 * that does not verify, not an IP address) the claim is ignored and the caller's own address
 * counts, so a direct caller cannot spread its attempts over invented addresses.
 */
export function createVouchedClientAddress(checkAccessToken: CheckAccessToken, logger: Logger): VouchedClientAddress {
  // Any direct caller can provoke it, once per call: logged once a minute at most.
  const warnIgnoredAddress = createThrottledWarning(logger);
  return async (context, call) => {
    const claimed = context.metadata.get(CLIENT_ADDRESS_METADATA)[0];
    if (typeof claimed !== 'string') return context.callerAddress;
    const fromGateway = await isGatewayToken(checkAccessToken, context.token);
    if (fromGateway && isIP(claimed) !== 0) return claimed;
    // The claimed value is not logged: it is the caller's input.
    warnIgnoredAddress(
      { caller: context.callerAddress, from_gateway: fromGateway },
      `${call}: client address ignored (not from the gateway, or not an IP address)`,
    );
    return context.callerAddress;
  };
}
