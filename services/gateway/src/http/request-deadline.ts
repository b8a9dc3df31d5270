import type { FastifyInstance } from 'fastify';
import { withCallDeadline } from '@ticres/shared';

/**
 * The deadline is the request's, not each call's: everything done for a request runs with its
 * arrival plus `deadlineMs` as the call deadline (`withCallDeadline`), so every gRPC call made for
 * it, the second of two included, ends by then. Without it each call would get `deadlineMs` from
 * its own start, and a request that waited in a burst or made calls in turn could be answered
 * after the deadline its client was promised.
 */
export function registerRequestDeadline(app: FastifyInstance, deadlineMs: number): void {
  app.addHook('onRequest', (_request, _reply, done) => {
    withCallDeadline(Date.now() + deadlineMs, done);
  });
}
