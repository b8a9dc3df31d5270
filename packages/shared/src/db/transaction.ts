import type { Pool, PoolClient } from 'pg';

/** The part of pg that repositories need: a pool or a client inside a transaction. */
export interface Queryable {
  query: PoolClient['query'];
}

/** Callbacks waiting for the commit of the transaction a client runs (see afterCommit). */
const commitCallbacks = new WeakMap<Queryable, Array<() => void>>();

/**
 * Runs `callback` once the transaction `db` belongs to has committed, and never if it rolls back.
 * When `db` is not inside withTransaction (a pool, a bare client), its statements commit as they
 * run, so the callback runs at once.
 */
export function afterCommit(db: Queryable, callback: () => void): void {
  const pending = commitCallbacks.get(db);
  if (pending) pending.push(callback);
  else callback();
}

/**
 * Runs `work` in a transaction on one client, commits or rolls back, and always releases the
 * client. A client whose connection broke is destroyed instead of returned to the pool.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no pool listener: without this a database restart crashes the process.
  const markBroken = (error: Error) => {
    broken = error;
  };
  client.on('error', markBroken);
  const onCommit: Array<() => void> = [];
  try {
    await client.query('BEGIN');
    commitCallbacks.set(client, onCommit);
    const result = await work(client);
    const commit = await client.query('COMMIT');
    // In a transaction a failed statement aborted (and `work` caught), COMMIT answers ROLLBACK
    // without an error: without this check the caller would believe its writes were saved.
    if (commit.command === 'ROLLBACK') throw new Error('Transaction was rolled back: a statement in it failed');
    commitCallbacks.delete(client);
    for (const callback of onCommit) callback();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    commitCallbacks.delete(client);
    client.off('error', markBroken);
    client.release(broken ?? false);
  }
}

/** True for a Postgres unique-violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}
