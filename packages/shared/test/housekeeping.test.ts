import { Client } from 'pg';
import { createHousekeeping, newId, pruneOldRows } from '../src';
import { testLogger } from './support/logger';
import { createMessagingDatabase, type MessagingDatabase } from './support/messaging-database';

const SENT_NOTIFICATIONS = /* sql */ `
  CREATE TABLE sent_notifications (message_id uuid PRIMARY KEY, sent_at timestamptz NOT NULL DEFAULT now());
`;

describe('housekeeping: old outbox, inbox and sent-notification rows are pruned', () => {
  let db: MessagingDatabase;
  const DAY = 86_400;

  beforeAll(async () => {
    db = await createMessagingDatabase(SENT_NOTIFICATIONS);
  });

  afterEach(async () => {
    await db.pool.query('TRUNCATE outbox, inbox, sent_notifications');
  });

  afterAll(async () => {
    await db.close();
  });

  /** An outbox row created and (unless `published` is false) published `ageSeconds` ago. */
  async function outboxRow(ageSeconds: number, published = true): Promise<string> {
    const id = newId();
    await db.pool.query(
      /* sql */ `
      INSERT INTO outbox (id, type, aggregate_id, payload, created_at, published_at)
      VALUES ($1, 'event.created', $1, '{}', now() - make_interval(secs => $2),
              CASE WHEN $3 THEN now() - make_interval(secs => $2) END)`,
      [id, ageSeconds, published],
    );
    return id;
  }

  async function inboxRow(ageSeconds: number): Promise<string> {
    const id = newId();
    await db.pool.query(`INSERT INTO inbox (message_id, type, received_at) VALUES ($1, 'event.created', now() - make_interval(secs => $2))`, [
      id,
      ageSeconds,
    ]);
    return id;
  }

  async function sentRow(ageSeconds: number): Promise<string> {
    const id = newId();
    await db.pool.query(`INSERT INTO sent_notifications (message_id, sent_at) VALUES ($1, now() - make_interval(secs => $2))`, [id, ageSeconds]);
    return id;
  }

  const ids = async (sql: string) => (await db.pool.query<{ id: string }>(sql)).rows.map((row) => row.id).sort();

  it('deletes rows past their retention and keeps newer ones and unpublished outbox rows', async () => {
    const oldPublished = [await outboxRow(8 * DAY), await outboxRow(30 * DAY)];
    const recentPublished = await outboxRow(DAY);
    const oldPending = await outboxRow(30 * DAY, false);
    await inboxRow(15 * DAY);
    const recentInbox = await inboxRow(13 * DAY);
    await sentRow(91 * DAY);
    const recentSent = await sentRow(89 * DAY);

    const run = createHousekeeping({
      pool: db.pool,
      logger: testLogger(),
      settings: {
        HOUSEKEEPING_INTERVAL_MS: 60_000,
        HOUSEKEEPING_BATCH_SIZE: 100,
        OUTBOX_RETENTION_HOURS: 7 * 24,
        INBOX_RETENTION_HOURS: 14 * 24,
        NOTIFICATION_RETENTION_HOURS: 90 * 24,
      },
    });

    await expect(run()).resolves.toEqual({ outbox: oldPublished.length, inbox: 1, sentNotifications: 1 });
    expect(await ids('SELECT id::text FROM outbox')).toEqual([recentPublished, oldPending].sort());
    expect(await ids('SELECT message_id::text AS id FROM inbox')).toEqual([recentInbox]);
    expect(await ids('SELECT message_id::text AS id FROM sent_notifications')).toEqual([recentSent]);
  });

  it('deletes every old row in batches smaller than their number', async () => {
    for (let i = 0; i < 7; i += 1) await inboxRow(2 * DAY);
    await expect(pruneOldRows(db.pool, 'inbox', { retentionSeconds: DAY, batchSize: 3 })).resolves.toBe(7);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n).toBe(0);
  });

  it('skips rows another replica holds instead of waiting for them', async () => {
    const held = await inboxRow(2 * DAY);
    await inboxRow(2 * DAY);
    // The other replica's batch: the row stays locked until it commits.
    const other = new Client({ connectionString: db.database.url });
    await other.connect();
    // Waiting for a lock would fail this connection's statement after 2 s instead of passing.
    const pruner = new Client({ connectionString: db.database.url, options: `-c search_path=${db.schema} -c lock_timeout=2000` });
    await pruner.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM ${db.schema}.inbox WHERE message_id = $1 FOR UPDATE`, [held]);

      await expect(pruneOldRows(pruner, 'inbox', { retentionSeconds: DAY, batchSize: 10 })).resolves.toBe(1);
      await other.query('COMMIT');
      expect(await ids('SELECT message_id::text AS id FROM inbox')).toEqual([held]);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
      await pruner.end();
    }
  });
});
