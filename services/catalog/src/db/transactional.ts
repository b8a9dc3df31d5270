import { withTransaction, type Pool, type PoolClient } from '@ticres/shared';
import type { InTransaction } from '../usecases/ports';

/** A use case's InTransaction: the store is built on the transaction's client. */
export function transactional<Store>(pool: Pool, storeOf: (client: PoolClient) => Store): InTransaction<Store> {
  return (work) => withTransaction(pool, (client) => work(storeOf(client)));
}
