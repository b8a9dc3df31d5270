import { Client } from 'pg';

/** Makes the database refuse the commit that records a charge's success, as a restart in that moment would. */
export interface LostCommitFault {
  /** Every commit turning this booking's (or this transaction's) transaction SUCCEEDED fails from now on. */
  lose(id: string): Promise<void>;
  /** The database is back: those commits go through again. */
  heal(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Installs, as the admin, a deferred constraint trigger on payment's transactions: the statement
 * succeeds, the COMMIT fails, after the provider has captured. Only the ids handed to `lose` are
 * affected, so other tests on the database run as usual.
 */
export async function installLostCommitFault(adminUrl: string): Promise<LostCommitFault> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(/* sql */ `
    CREATE SCHEMA IF NOT EXISTS faults;
    CREATE TABLE IF NOT EXISTS faults.lost_commits (id uuid PRIMARY KEY);
    CREATE OR REPLACE FUNCTION faults.lose_commit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM faults.lost_commits WHERE id IN (NEW.id, NEW.booking_id)) THEN
        RAISE EXCEPTION 'commit lost (test fault)';
      END IF;
      RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS lose_commit ON payment.transactions;
    CREATE CONSTRAINT TRIGGER lose_commit AFTER UPDATE ON payment.transactions
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'SUCCEEDED')
      EXECUTE FUNCTION faults.lose_commit();
  `);
  return {
    async lose(id) {
      await admin.query(/* sql */ `INSERT INTO faults.lost_commits (id) VALUES ($1) ON CONFLICT DO NOTHING`, [id]);
    },
    async heal(id) {
      await admin.query(/* sql */ `DELETE FROM faults.lost_commits WHERE id = $1`, [id]);
    },
    async close() {
      await admin.query(/* sql */ `DROP TRIGGER IF EXISTS lose_commit ON payment.transactions`);
      await admin.end();
    },
  };
}
