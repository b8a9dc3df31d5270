import { isAppError } from '../errors';
import { GATEWAY_SERVICE } from './service-identities';
import { requireService, type Principal } from './token-verifier';

/**
 * True when `token` is the gateway's own service token: the one caller whose word on the end
 * user's address (`CLIENT_ADDRESS_METADATA`, `client_address`) counts. Any other token (none, a
 * person's, another service's, one that does not verify) is false. A token that cannot be
 * checked at all (the keys out of reach) is not taken for a stranger's: that error is thrown, so
 * the call fails as unavailable instead of counting under the wrong address.
 */
export async function isGatewayToken(verify: (token: string | undefined) => Promise<Principal>, token: string | undefined): Promise<boolean> {
  if (token === undefined) return false;
  try {
    requireService(await verify(token), [GATEWAY_SERVICE]);
    return true;
  } catch (error) {
    if (isAppError(error) && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) return false;
    throw error;
  }
}
