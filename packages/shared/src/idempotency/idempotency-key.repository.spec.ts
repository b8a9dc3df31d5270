import type { Queryable } from '../db/transaction';
import { createIdempotencyKeyRepository, type IdempotencyResultColumn } from './idempotency-key.repository';

/** Records the SQL each call sends; the statements themselves run against Postgres in the services' tests. */
function recordingDb(rows: unknown[] = []) {
  const sent: string[] = [];
  const db = { query: async (sql: string) => (sent.push(sql), { rows, rowCount: rows.length }) } as unknown as Queryable;
  return { db, sent };
}

describe('createIdempotencyKeyRepository', () => {
  it.each(['booking_id', 'transaction_id'] as const)('keeps the result in %s and reads it back as resultId', async (column) => {
    const { db, sent } = recordingDb([{ request_hash: 'h', state: 'completed', result_id: 'r-1' }]);
    const keys = createIdempotencyKeyRepository(db, column);
    const claim = { userId: 'u', key: 'k', requestHash: 'h' };

    await keys.claim(claim, { ttlSeconds: 60, abandonAfterSeconds: 60 });
    await expect(keys.find('u', 'k')).resolves.toEqual({ requestHash: 'h', state: 'completed', resultId: 'r-1' });
    await keys.complete(claim, 'r-1');

    expect(sent[0]).toContain(`${column} = NULL`);
    expect(sent[1]).toContain(`${column} AS result_id`);
    expect(sent[2]).toContain(`${column} = $4`);
  });

  it('completes an unfinished claim of the key whoever made it, never a completed one', async () => {
    const { db, sent } = recordingDb();
    await createIdempotencyKeyRepository(db, 'transaction_id').completeUnfinished('u', 'k', 'r-1');
    expect(sent[0]).toContain(`state = 'completed', transaction_id = $3`);
    expect(sent[0]).toContain(`state = 'in_progress'`);
    expect(sent[0]).not.toContain('request_hash');
  });

  it('refuses a result column outside its fixed set, which a cast could smuggle in', () => {
    const { db } = recordingDb();
    expect(() => createIdempotencyKeyRepository(db, 'id; DROP TABLE x' as IdempotencyResultColumn)).toThrow('not an idempotency result column');
  });
});
