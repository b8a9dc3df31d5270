import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small HTTP listener beside a service's own (metrics, the notifier's probes). */
export interface SideListener {
  /** The bound port (the one asked for, or a free one for 0). */
  port: number;
  /** Stops listening and drops every connection at once. */
  close(): Promise<void>;
}

/**
 * Serves `handler` on host:port for scrapes and probes: short-lived requests from callers that
 * reconnect freely, so kept-alive connections idle out after a second and `close()` ends them
 * all without waiting (nothing on them is worth a shutdown's time). Rejects when the port is taken.
 */
export async function startSideListener(host: string, port: number, handler: RequestListener): Promise<SideListener> {
  const server = createServer(handler);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
