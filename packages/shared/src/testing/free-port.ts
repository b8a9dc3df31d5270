import { createServer } from 'node:net';

/**
 * Ports handed out here lie below Linux's ephemeral range (32768-60999 by default), where the
 * kernel never picks the local port of an outgoing connection. A port taken from the ephemeral
 * range (listen on 0) could be reused by some client's connection between this check and the
 * child's bind: EADDRINUSE, seen in CI.
 */
const LOWEST = 20_000;
const SPAN = 12_000;

/**
 * Ports already handed out by this process. A port stays free until its child binds it, so
 * without this a later call could hand the same port out again (EADDRINUSE, seen in CI).
 */
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port free right now for a child process to bind, outside the range outgoing connections use,
 * and never handed out before by this process.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * SPAN);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${LOWEST + SPAN}`);
}
