import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { withCallDeadline } from '@ticres/shared';

/**
 * The longest a new connection may wait for its first request and still have that request counted
 * from the connection's acceptance: long enough for a burst being read (hundreds of milliseconds
 * here at 10x the login capacity), short enough that a connection opened ahead of time (a browser's
 * preconnect) costs its first request little of its deadline.
 */
const READ_LAG_LIMIT_MS = 1_000;

/**
 * The deadline is the request's, not each call's: everything done for a request runs with its
 * arrival plus `deadlineMs` as the call deadline (`withCallDeadline`), so every gRPC call made for
 * it, the second of two included, ends by then. Without it each call would get `deadlineMs` from
 * its own start, and a request that waited in a burst or made calls in turn could be answered
 * after the deadline its client was promised.
 *
 * Arrival is when the gateway reads the request, except for a new connection's first request:
 * then it is when the connection was accepted (within READ_LAG_LIMIT_MS). In a burst of new
 * connections the event loop accepts them all within milliseconds but reads their requests one
 * after another, the last ones a few hundred milliseconds later, while their clients' clocks have
 * been running since they connected.
 */
export function registerRequestDeadline(app: FastifyInstance, deadlineMs: number): void {
  const acceptedAt = new WeakMap<Socket, number>();
  app.server.on('connection', (socket: Socket) => acceptedAt.set(socket, Date.now()));
  app.addHook('onRequest', (request, _reply, done) => {
    const now = Date.now();
    const socket = request.raw.socket;
    const accepted = acceptedAt.get(socket);
    acceptedAt.delete(socket);
    const arrival = accepted !== undefined && now - accepted <= READ_LAG_LIMIT_MS ? accepted : now;
    withCallDeadline(arrival + deadlineMs, done);
  });
}
