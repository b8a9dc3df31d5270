import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER, requestIdOf, withRequestId } from '@ticres/shared';

/**
 * Fastify's `genReqId`: the client's well-formed `X-Request-Id`, else the trace id (see
 * `requestIdOf`), else a random UUID; never a per-process counter that repeats across replicas.
 */
export const generateRequestId = (request: { headers: Record<string, unknown> }): string => requestIdOf(request.headers);

/** Echoes the request id; for answers that bypass the hooks (the router's own errors). */
export const withRequestIdHeader = (request: FastifyRequest, reply: FastifyReply): FastifyReply => reply.header(REQUEST_ID_HEADER, request.id);

/**
 * Every answer carries `X-Request-Id`, and everything done for the request runs as done for it
 * (`withRequestId`), so each gRPC call passes it on in its metadata. Registered first, before any
 * hook that may answer (the public cache, authentication).
 */
export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    withRequestIdHeader(request, reply);
    withRequestId(request.id, done);
  });
}
