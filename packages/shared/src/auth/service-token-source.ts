import type { authV1 } from '@ticres/proto';
import type { GrpcClient } from '../grpc/client';

/** A token and how long it was said to live. */
export interface IssuedServiceToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface ServiceTokenSource {
  /** A token valid for a while yet; asks auth only when the cached one is close to expiry. */
  token(): Promise<string>;
  /** Drops the cached token (auth refused it), so the next call asks for a new one. */
  invalidate(): void;
}

export interface ServiceTokenSourceOptions {
  issue: () => Promise<IssuedServiceToken>;
  /** Renew this long before expiry (capped at half the token's life). */
  renewBeforeSeconds?: number;
  now?: () => number;
}

/**
 * Caches a service's own access token (auth's IssueServiceToken) until shortly before it
 * expires. Callers that arrive while a token is being fetched share that one request. A renewal
 * that fails while the cached token is still valid is not the caller's problem: the cached token
 * serves until it expires (auth out of reach for a moment does not fail every call that needs it).
 */
export function createServiceTokenSource({ issue, renewBeforeSeconds = 60, now = Date.now }: ServiceTokenSourceOptions): ServiceTokenSource {
  let cached: { token: string; renewAt: number; expiresAt: number } | undefined;
  let fetching: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const issuedAt = now();
    const { accessToken, expiresInSeconds } = await issue();
    const margin = Math.min(renewBeforeSeconds, expiresInSeconds / 2);
    cached = { token: accessToken, renewAt: issuedAt + (expiresInSeconds - margin) * 1000, expiresAt: issuedAt + expiresInSeconds * 1000 };
    return accessToken;
  };

  const renew = (): Promise<string> =>
    (fetching ??= fetchToken().finally(() => {
      fetching = undefined;
    }));

  return {
    token() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      const stillValid = cached && now() < cached.expiresAt ? cached.token : undefined;
      if (stillValid === undefined) return renew();
      return renew().catch(() => stillValid);
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** What a service needs to trade its secret for its own tokens at auth. */
export interface ServiceCredentials {
  service: string;
  secret: string;
}

/** A service's own tokens, from auth's IssueServiceToken. */
export function authServiceTokenSource(auth: GrpcClient<authV1.AuthServiceClient>, credentials: ServiceCredentials): ServiceTokenSource {
  return createServiceTokenSource({
    issue: async () => {
      const pair = await auth.call.IssueServiceToken(credentials);
      return { accessToken: pair.access_token, expiresInSeconds: pair.expires_in };
    },
  });
}
