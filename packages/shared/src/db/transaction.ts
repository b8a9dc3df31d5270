import { escapeLiteral, type Pool, type PoolClient } from 'pg';

/** The part of pg that repositories need: a pool or a client inside a transaction. */
export interface Queryable {
  query: PoolClient['query'];
}

/** Callbacks waiting for the commit of the transaction a client runs (see afterCommit). */
const commitCallbacks = new WeakMap<Queryable, Array<() => void>>();

/** Statements the transaction a client runs sends in the same message as its COMMIT (see writeWithCommit). */
const commitStatements = new WeakMap<Queryable, string[]>();

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

/** A value written into a statement sent with a COMMIT. */
export type CommitValue = string | number | null;

const literal = (value: CommitValue | undefined): string => {
  if (value === undefined) throw new Error('writeWithCommit: a placeholder without its value');
  return value === null ? 'NULL' : escapeLiteral(String(value));
};

/**
 * A write nothing in the transaction reads back (an outbox row, a record of the result): inside
 * withTransaction it goes in the same message as the COMMIT, with no round trip of its own (a
 * hold keeps its seats locked through each of its round trips); outside, it runs at once. Its
 * `$n` placeholders are filled with `values` as literals (pg's `escapeLiteral`), since
 * PostgreSQL takes parameters only one statement per message. A failure shows at the commit, and
 * the whole transaction rolls back.
 */
export async function writeWithCommit(db: Queryable, text: string, values: readonly CommitValue[]): Promise<void> {
  const statements = commitStatements.get(db);
  if (statements) statements.push(text.replace(/\$(\d+)/g, (_, position: string) => literal(values[Number(position) - 1])));
  else await db.query(text, [...values]);
}

/**
 * Runs `work` in a transaction on one client, commits (with what writeWithCommit left for the
 * commit) or rolls back, and always releases the client. A client whose connection broke is
 * destroyed instead of returned to the pool.
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
  const withCommit: string[] = [];
  try {
    await client.query('BEGIN');
    commitCallbacks.set(client, onCommit);
    commitStatements.set(client, withCommit);
    const result = await work(client);
    // From here a write runs at once: one queued now (an afterCommit callback's) would never be sent.
    commitStatements.delete(client);
    // Several statements in one message answer one result each, the COMMIT's last.
    const commit = [await client.query([...withCommit, 'COMMIT'].join(';\n'))].flat().at(-1)!;
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
    commitStatements.delete(client);
    client.off('error', markBroken);
    client.release(broken ?? false);
  }
}

/** True for a Postgres unique-violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}
