import { createHash, timingSafeEqual } from 'node:crypto';
import { RateLimitedError, SERVICE_ROLE, SERVICE_SUBJECT_PREFIX } from '@ticres/shared';
import { serviceCredentialsInvalid } from '../domain/errors';
import type { FailureWindow } from '../domain/failure-window';
import type { ServiceSecrets } from '../domain/service-secrets';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import type { TokenPair } from './session-tokens';

export interface IssueServiceTokenPorts {
  /** From SERVICE_SECRETS: service name -> its shared secret. */
  serviceSecrets: ServiceSecrets;
  accessTokens: AccessTokenIssuer;
  /** Wrong secrets per caller address: past the limit, that address is refused for a while. */
  failures: FailureWindow;
}

/** `callerAddress`: where the call came from (the gRPC peer's host). */
export type IssueServiceToken = (input: { service: string; secret: string }, callerAddress: string) => Promise<TokenPair>;

// Digests have one length whatever the input, so timingSafeEqual never sees a length mismatch and
// the comparison takes as long for a short guess as for a long one.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compared against when the service is unknown, so that answer takes as long as a wrong secret. */
const NO_SECRET = digest('\u0000no service has this secret\u0000');

/**
 * Trades a service's shared secret for an access token with `sub = service:<name>` and role
 * `service`, valid for the access-token TTL. There is no refresh token (`''`): the service asks
 * again. An unknown service and a wrong secret are the same UNAUTHENTICATED. An address with too
 * many of those is RATE_LIMITED, its secret not even compared, until its window ends; other
 * addresses (the real service's) are not affected.
 */
export function createIssueServiceToken({ serviceSecrets, accessTokens, failures }: IssueServiceTokenPorts): IssueServiceToken {
  return async ({ service, secret }, callerAddress) => {
    const blockedForMs = failures.blockedForMs(callerAddress);
    if (blockedForMs > 0) {
      throw new RateLimitedError(blockedForMs, 'Too many wrong service credentials from this address; try again later.');
    }
    const expected = serviceSecrets.get(service);
    const matches = timingSafeEqual(digest(secret), expected === undefined ? NO_SECRET : digest(expected));
    if (expected === undefined || !matches) {
      failures.recordFailure(callerAddress);
      throw serviceCredentialsInvalid();
    }
    const access = await accessTokens.issue({ userId: `${SERVICE_SUBJECT_PREFIX}${service}`, role: SERVICE_ROLE });
    return { accessToken: access.token, refreshToken: '', tokenType: 'Bearer', expiresIn: access.expiresIn };
  };
}
