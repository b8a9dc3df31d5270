import type { Pool, PoolClient } from 'pg';
import { currentCallDeadline } from '../admission/call-deadline';
import { OverloadedError } from '../admission/overloaded-error';

type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void;
type CallbackConnect = (callback: ConnectCallback) => void;

const NOOP = () => undefined;

/**
 * Makes `pool.connect()` (and so `pool.query()` and `withTransaction`) honour the deadline of the
 * gRPC call it runs for (`currentCallDeadline`): past the deadline no connection is taken, so no
 * statement or transaction starts for a caller that has given up, and a wait for a connection ends
 * when the deadline passes instead of after the pool's own `connectionTimeoutMillis`. Work outside
 * a call (loops, consumers) is unaffected.
 */
export function connectWithinCallDeadline(pool: Pool): void {
  const connect = pool.connect.bind(pool) as unknown as CallbackConnect;

  function connectBefore(callback: ConnectCallback): void {
    const deadline = currentCallDeadline();
    if (deadline === Infinity) return connect(callback);
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      return callback(new OverloadedError(1, 'The call’s deadline passed before a database connection was free.'), undefined, NOOP);
    }
    const configured = pool.options.connectionTimeoutMillis;
    const bounded = !configured || remainingMs < configured;
    // pg-pool reads the timeout synchronously inside connect() (for the wait in its queue or for a
    // new connection), and pulls a waiter that times out from its queue: lower it for this call.
    if (bounded) pool.options.connectionTimeoutMillis = Math.ceil(remainingMs);
    try {
      connect((error, client, done) => {
        if (error && bounded && Date.now() >= deadline - 1) {
          callback(new OverloadedError(1, 'The call’s deadline passed while it waited for a database connection.'), undefined, done);
        } else callback(error, client, done);
      });
    } finally {
      if (bounded) pool.options.connectionTimeoutMillis = configured;
    }
  }

  function connectWithinDeadline(callback?: ConnectCallback): Promise<PoolClient> | void {
    if (callback) return connectBefore(callback);
    return new Promise<PoolClient>((resolve, reject) => connectBefore((error, client) => (error ? reject(error) : resolve(client!))));
  }
  pool.connect = connectWithinDeadline as Pool['connect'];
}
