import {
  createLogger,
  newId,
  withTransaction,
  type EventEnvelope,
  type EventSnapshot,
  type Logger,
  type Pool,
  type Principal,
  type SectionLayout,
} from '@ticres/shared';
import { createServiceTestDatabase, type ServiceTestDatabase } from '@ticres/shared/testing';
import { composeBooking, type BookingComponents, type BookingSettings, type ComposeOptions } from '../../src/compose';
import { BOOKING_SCHEMA, MIGRATIONS_DIRECTORY } from '../../src/db/migrations';

export type BookingTestDatabase = ServiceTestDatabase;

/** A database of this test file's own, bootstrapped like production and migrated. */
export function createBookingTestDatabase({ poolSize = 20 } = {}): Promise<BookingTestDatabase> {
  return createServiceTestDatabase({ service: 'booking', schema: BOOKING_SCHEMA, directory: MIGRATIONS_DIRECTORY, poolSize });
}

export const silentLogger: Logger = createLogger({ service: 'booking-test', level: 'silent' });

export const defaultSettings: BookingSettings = {
  HOLD_TTL_SECONDS: 900,
  MAX_OPEN_HOLDS_PER_USER_PER_EVENT: 1,
  MAX_OPEN_HELD_SEATS_PER_USER: 20,
  MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT: 40,
  HOLD_COOLDOWN_SECONDS: 60,
  SWEEP_BATCH_SIZE: 500,
  IDEMPOTENCY_TTL_SECONDS: 86_400,
  CLAIM_TTL_SECONDS: 120,
  // Off: tests read the seat map right after changing seats.
  AVAILABILITY_CACHE_MS: 0,
  EVENT_DETAIL_MAX_SEATS: 5_000,
};

export function composeForTest(pool: Pool, settings: Partial<BookingSettings> = {}, options: Omit<ComposeOptions, 'logger'> = {}): BookingComponents {
  return composeBooking(pool, { ...defaultSettings, ...settings }, { logger: silentLogger, ...options });
}

export const customer = (): Principal => ({ userId: newId(), role: 'customer' });
export const admin = (): Principal => ({ userId: newId(), role: 'admin' });

export const seated = (name: string, rows: number, seatsPerRow: number, priceCents = 10_000): SectionLayout => ({
  name,
  price_cents: priceCents,
  rows,
  seats_per_row: seatsPerRow,
  capacity: 0,
});

export const generalAdmission = (name: string, capacity: number, priceCents = 5_000): SectionLayout => ({
  name,
  price_cents: priceCents,
  rows: 0,
  seats_per_row: 0,
  capacity,
});

export function eventSnapshot(sections: SectionLayout[], overrides: Partial<EventSnapshot> = {}): EventSnapshot {
  return {
    event_id: newId(),
    name: 'Test concert',
    starts_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    currency: 'IDR',
    status: 'available',
    organizer_id: newId(),
    sections,
    ...overrides,
  };
}

export function envelopeOf<Type extends EventEnvelope['type']>(
  type: Type,
  data: EventEnvelope<Type>['data'],
  occurredAt = new Date(),
): EventEnvelope<Type> {
  const aggregateId = (data as { event_id?: string }).event_id ?? newId();
  return { id: newId(), type, version: 1, occurred_at: occurredAt.toISOString(), aggregate_id: aggregateId, data };
}

/** Delivers one envelope to the service's handler the way the inbox consumer does: in a transaction. */
export async function deliver<Type extends EventEnvelope['type']>(
  pool: Pool,
  components: BookingComponents,
  envelope: EventEnvelope<Type>,
): Promise<void> {
  const handler = components.eventHandlers[envelope.type];
  if (!handler) throw new Error(`no handler for ${envelope.type}`);
  await withTransaction(pool, (tx) => handler(envelope, tx));
}

/** Materializes an event's seats through the event.created handler; returns its id. */
export async function createEvent(pool: Pool, components: BookingComponents, sections: SectionLayout[], overrides: Partial<EventSnapshot> = {}) {
  const snapshot = eventSnapshot(sections, overrides);
  await deliver(pool, components, envelopeOf('event.created', snapshot));
  return snapshot;
}

/** Seat ids of an event in layout order, optionally of one section. */
export async function seatIdsOf(pool: Pool, eventId: string, section?: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    /* sql */ `SELECT id FROM seats WHERE event_id = $1 AND ($2::text IS NULL OR section = $2) ORDER BY section_position, ordinal`,
    [eventId, section ?? null],
  );
  return rows.map((row) => row.id);
}

export async function seatStatusCounts(pool: Pool, eventId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    /* sql */ `SELECT status, count(*)::int AS n FROM seats WHERE event_id = $1 GROUP BY status`,
    [eventId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** The error code a settled call failed with, or 'OK'. */
export function outcomeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'OK';
  const code = (result.reason as { code?: unknown }).code;
  return typeof code === 'string' ? code : `THROWN: ${String(result.reason)}`;
}

export function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
