import { Gauge, type Registry } from 'prom-client';
import type { Pool } from '../db/pool';

/**
 * The saturation of a pg pool, read from the pool's own counters at scrape time (no query):
 * `ticres_db_pool_connections{state="total|idle"}`, `ticres_db_pool_max_connections` and
 * `ticres_db_pool_waiting_requests` (callers queued for a connection: above 0, the pool is the
 * bottleneck).
 */
export function observePool(registry: Registry, pool: Pool): void {
  new Gauge({
    name: 'ticres_db_pool_connections',
    help: 'Connections of the PostgreSQL pool: total open, and idle among them.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'ticres_db_pool_max_connections',
    help: 'The most connections the PostgreSQL pool opens.',
    registers: [registry],
    collect() {
      this.set(pool.options.max);
    },
  });
  new Gauge({
    name: 'ticres_db_pool_waiting_requests',
    help: 'Callers waiting for a connection of the PostgreSQL pool.',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
}
