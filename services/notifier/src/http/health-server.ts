import { startSideListener } from '@ticres/shared';

export interface HealthServer {
  port: number;
  /** From now on /readyz answers 503, before anything else stops. */
  markNotReady(): void;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  host: string;
  port: number;
  /** Whether the notifier can do its work now (consumer running, Postgres answering). */
  isReady: () => Promise<boolean>;
}

/** GET /healthz: alive. GET /readyz: 200 when ready, 503 when not or shutting down. */
export async function startHealthServer({ host, port, isReady }: HealthServerOptions): Promise<HealthServer> {
  let stopping = false;
  const listener = await startSideListener(host, port, (request, response) => {
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, { status: 'method not allowed' });
    if (path === '/healthz') return reply(200, { status: 'ok' });
    if (path !== '/readyz') return reply(404, { status: 'not found' });
    if (stopping) return reply(503, { status: 'shutting down' });
    isReady().then(
      (ready) => reply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' }),
      () => reply(503, { status: 'not ready' }),
    );
  });
  return {
    ...listener,
    markNotReady() {
      stopping = true;
    },
  };
}
