import { AppError, isRetryLaterError } from '@ticres/shared';
import type { FastifyRequest } from 'fastify';

/** The gateway's own service token for a request's call, or the problem to answer. */
export type OwnToken = (request: FastifyRequest) => Promise<string>;

/**
 * The gateway's token from auth (GATEWAY_SERVICE_SECRET), which vouches for the client address
 * a login or a hold names. Auth out of reach or busy is its own 503; auth refusing the gateway's
 * secret (and, after ten such refusals, throttling it: RATE_LIMITED) is a misconfiguration,
 * logged, and not the client's fault (500, never the 429 meant for the gateway).
 */
export function ownTokenFrom(gatewayToken: () => Promise<string>): OwnToken {
  return (request) =>
    gatewayToken().catch((error: unknown) => {
      if (isRetryLaterError(error) && error.code !== 'RATE_LIMITED') throw error;
      request.log.error({ err: error }, 'auth refused the gateway its service token (GATEWAY_SERVICE_SECRET)');
      throw new AppError('INTERNAL', 'Internal error.');
    });
}
