import type { FastifyInstance } from 'fastify';

/**
 * Once a shutdown has begun, every answer carries `Connection: close`, as Go's `Server.Shutdown`
 * turns keep-alives off. During the drain, a client holding a kept-alive connection (an L4 load
 * balancer, a Kubernetes Service) reconnects, and lands on a replica that stays. When the server
 * then closes, the answer to each request still in flight ends its connection: Node's
 * `server.close()` only closes the connections idle at that moment, and would otherwise wait for
 * one that turns idle later for the whole keep-alive timeout (Fastify's is 72 s), past
 * SHUTDOWN_TIMEOUT_MS.
 */
export function closeConnectionsOnShutdown(app: FastifyInstance, isShuttingDown: () => boolean): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (isShuttingDown()) reply.header('connection', 'close');
    done(null, payload);
  });
}
