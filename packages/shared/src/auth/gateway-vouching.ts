import { GATEWAY_SERVICE } from './service-identities';
import { requireService, type Principal } from './token-verifier';

/**
 * True when `token` is the gateway's own service token: the one caller whose word on the end
 * user's address (`CLIENT_ADDRESS_METADATA`, `client_address`) counts. Any other token (none, a
 * person's, another service's, one that does not verify) is false, never an error.
 */
export async function isGatewayToken(verify: (token: string | undefined) => Promise<Principal>, token: string | undefined): Promise<boolean> {
  if (token === undefined) return false;
  try {
    requireService(await verify(token), [GATEWAY_SERVICE]);
    return true;
  } catch {
    return false;
  }
}
