/**
 * The raw-SQL ceiling of a hold: the same logical transaction as booking's (the booking row, a
 * conditional seat update that holds all the seats or none, the booking's items and its
 * `booking.created` outbox row, one transaction) sent straight through node-postgres, with a pool
 * as large as booking's, whose connections prepare their statements as booking's do
 * (`prepareStatements`), at the same concurrency. No gRPC, no HTTP, no checks of the event or the
 * caller: what is left is the database's share.
 */
import { randomUUID } from 'node:crypto';
import { prepareStatements } from '@ticres/shared';
import pg from 'pg';
import { now, sleep } from '../clock.ts';
import type { Outcome, RawSqlJob } from './protocol.ts';

interface HeldSeat {
  id: string;
  label: string;
  price_cents: string;
}

const INSERT_BOOKING = `INSERT INTO bookings (id, user_id, event_id, status, total_cents, currency, expires_at)
  VALUES ($1, $2, $3, 'PENDING', 0, $4, now() + make_interval(secs => $5))`;
const HOLD_NAMED = `UPDATE seats SET status = 'held', booking_id = $1, updated_at = now()
  WHERE event_id = $2 AND id = ANY($3::uuid[]) AND status = 'available'
  RETURNING id, label, price_cents`;
const HOLD_BEST = `UPDATE seats SET status = 'held', booking_id = $1, updated_at = now()
  WHERE id IN (SELECT id FROM seats WHERE event_id = $2 AND status = 'available'
               ORDER BY price_cents DESC, section_position, ordinal LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING id, label, price_cents`;
const COUNT_AVAILABLE = `SELECT count(*)::int AS n FROM seats WHERE event_id = $1 AND status = 'available'`;
/** The items, and the booking's total from them, in one round trip. */
const INSERT_ITEMS = `WITH items AS (
    INSERT INTO booking_items (booking_id, seat_id, label, price_cents, position)
    SELECT $1, seat.id, seat.label, seat.price_cents, seat.position - 1
    FROM unnest($2::uuid[], $3::text[], $4::bigint[]) WITH ORDINALITY AS seat (id, label, price_cents, position)
    RETURNING price_cents)
  UPDATE bookings SET total_cents = (SELECT sum(price_cents) FROM items) WHERE id = $1`;
const INSERT_OUTBOX = `INSERT INTO outbox (id, type, aggregate_id, payload) VALUES ($1, 'booking.created', $2, $3)`;

/** Rounds a best-available attempt tries while the seats left are locked by others (as booking does). */
const MAX_ROUNDS = 50;

/**
 * Pools stay open between jobs (as booking's do), so the benchmark still finds their Postgres
 * backends when it reads their CPU time after a job.
 */
const pools = new Map<string, pg.Pool>();

async function poolFor(job: RawSqlJob): Promise<pg.Pool> {
  const key = `${job.connectionString} ${job.schema} ${job.poolSize}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({ connectionString: job.connectionString, max: job.poolSize, idleTimeoutMillis: 0, options: `-c search_path=${job.schema}` });
    pool.on('connect', prepareStatements);
    pools.set(key, pool);
    // Open every connection before the first attempt, as booking's are open when it serves.
    const clients = await Promise.all(Array.from({ length: job.poolSize }, () => pool!.connect()));
    clients.forEach((client) => client.release());
  }
  return pool;
}

export async function closeRawPools(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
  pools.clear();
}

export async function runRawSql(job: RawSqlJob): Promise<Outcome[]> {
  const pool = await poolFor(job);

  const attemptOnce = async (index: number): Promise<{ seats?: HeldSeat[]; retry?: boolean }> => {
    const attempt = job.attempts[index]!;
    const client = await pool.connect();
    const bookingId = randomUUID();
    const userId = job.userIds[index % job.userIds.length]!;
    try {
      await client.query('BEGIN');
      await client.query(INSERT_BOOKING, [bookingId, userId, job.eventId, job.currency, job.holdTtlSeconds]);
      const wanted = 'seatIds' in attempt ? attempt.seatIds.length : attempt.quantity;
      const held =
        'seatIds' in attempt
          ? await client.query<HeldSeat>(HOLD_NAMED, [bookingId, job.eventId, attempt.seatIds])
          : await client.query<HeldSeat>(HOLD_BEST, [bookingId, job.eventId, attempt.quantity]);
      if (held.rows.length !== wanted) {
        await client.query('ROLLBACK');
        if ('seatIds' in attempt) return {};
        const { rows } = await client.query<{ n: number }>(COUNT_AVAILABLE, [job.eventId]);
        return { retry: rows[0]!.n >= wanted };
      }
      const seats = held.rows;
      const total = seats.reduce((sum, seat) => sum + Number(seat.price_cents), 0);
      await client.query(INSERT_ITEMS, [bookingId, seats.map((s) => s.id), seats.map((s) => s.label), seats.map((s) => s.price_cents)]);
      const payload = {
        booking_id: bookingId,
        user_id: userId,
        event_id: job.eventId,
        status: 'PENDING',
        total_cents: total,
        currency: job.currency,
        seats: seats.map((s) => ({ id: s.id, label: s.label, price_cents: Number(s.price_cents) })),
      };
      await client.query(INSERT_OUTBOX, [randomUUID(), bookingId, JSON.stringify(payload)]);
      await client.query('COMMIT');
      return { seats };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const outcomes = new Array<Outcome>(job.attempts.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < job.attempts.length; i = next++) {
      const start = now();
      try {
        let result: { seats?: HeldSeat[]; retry?: boolean } = {};
        for (let round = 1; round <= MAX_ROUNDS; round++) {
          result = await attemptOnce(i);
          if (!result.retry) break;
          await sleep(Math.ceil(Math.random() * Math.min(2 ** round, 25)));
        }
        outcomes[i] = result.seats
          ? { status: 201, start, end: now(), seatIds: result.seats.map((s) => s.id) }
          : { status: 409, start, end: now(), code: result.retry ? 'CONFLICT' : 'SEAT_UNAVAILABLE' };
      } catch (error) {
        outcomes[i] = { status: 500, start, end: now(), error: String((error as Error).message ?? error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.attempts.length) }, worker));
  return outcomes;
}
