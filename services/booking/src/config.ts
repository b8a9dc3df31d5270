import {
  commonConfigShape,
  consumerConfigShape,
  env,
  exitOnConfigError,
  grpcServerConfigShape,
  housekeepingConfigShape,
  inboxRetentionConfigShape,
  loadConfig,
  metricsConfigShape,
  outboxRetentionConfigShape,
  refuseShortInboxRetention,
  writeLimitConfigShape,
} from '@ticres/shared';
import { z } from 'zod';

const DAY_SECONDS = 86_400;

/** Treats an empty variable as unset, as compose files and shells often pass `VAR=`. */
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Every variable the booking service reads, with its default. */
export const bookingConfigShape = {
  ...commonConfigShape,
  ...grpcServerConfigShape,
  ...metricsConfigShape('booking'),
  GRPC_BIND: env.hostPort().default('127.0.0.1:50053'),
  DATABASE_URL: env.url().default('postgres://ticres_booking:ticres_booking@127.0.0.1:5432/ticres'),
  /** When set, migrations first create the database, the role and the schema with it. */
  DATABASE_ADMIN_URL: optional(env.url()),
  MIGRATE_ON_START: env.bool().default(false),
  DB_POOL_SIZE: env.int(2, 500).default(20),
  AUTH_GRPC_URL: env.hostPort().default('127.0.0.1:50051'),
  GRPC_DEADLINE_MS: env.int(100, 120_000).default(5_000),
  JWT_ISSUER: z.string().min(1).default('ticres-auth'),
  JWT_AUDIENCE: z.string().min(1).default('ticres'),
  /** Its own broker user (see docs/security/broker.md); the password is for local development only. */
  AMQP_URL: env.url().default('amqp://ticres-booking:ticres-booking@127.0.0.1:5672'),
  AMQP_EXCHANGE: z.string().min(1).default('ticres.events'),
  AMQP_QUEUE: z.string().min(1).default('booking'),
  ...consumerConfigShape,
  ...housekeepingConfigShape,
  ...outboxRetentionConfigShape,
  ...inboxRetentionConfigShape,
  /** Redis of the per-person write limit (holds, cancels); without it the limit counts per process. */
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  ...writeLimitConfigShape,
  HOLD_TTL_SECONDS: env.int(1, DAY_SECONDS).default(900),
  MAX_OPEN_HOLDS_PER_USER_PER_EVENT: env.int(1, 100).default(1),
  /** Seats one person may have on hold across every event at once (docs/security/anti-hoarding.md). */
  MAX_OPEN_HELD_SEATS_PER_USER: env.int(1, 100_000).default(20),
  /**
   * Seats on hold on one event from one client address (IPv6: one /64), every account behind it
   * together; 0 turns the rule off. Many people share one NAT address at an on-sale: tune it.
   */
  MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT: env.int(0, 1_000_000).default(40),
  /** How long after releasing a hold on an event (cancelled, or run out) a person may hold there again; 0: at once. */
  HOLD_COOLDOWN_SECONDS: env.int(0, DAY_SECONDS).default(60),
  /** How long a payment's claim keeps the sweeper off a booking: longer than a charge may take. */
  CLAIM_TTL_SECONDS: env.int(1, 3_600).default(120),
  SWEEP_INTERVAL_MS: env.int(50, 3_600_000).default(5_000),
  SWEEP_BATCH_SIZE: env.int(1, 10_000).default(500),
  IDEMPOTENCY_TTL_SECONDS: env.int(60, 30 * DAY_SECONDS).default(DAY_SECONDS),
  OUTBOX_POLL_MS: env.int(10, 600_000).default(1_000),
  /**
   * How long a process serves an event's seat map (GetEventAvailability) before reading it again:
   * the bound on how late a seat's change shows there. At most 1 s by design; 0 reads every time.
   */
  AVAILABILITY_CACHE_MS: env.int(0, 1_000).default(500),
  /**
   * The most seats GetEventSeats (the HTTP GET /events/:id) lists; a larger event is answered with
   * its seat count alone, its map being GetEventAvailability (docs/reliability/event-detail-bound.md).
   */
  EVENT_DETAIL_MAX_SEATS: env.int(1, 1_000_000).default(5_000),
};

export type BookingConfig = ReturnType<typeof loadBookingConfig>;

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadBookingConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(bookingConfigShape, source);
  refuseShortInboxRetention(config);
  return config;
}

/** For entry points: a bad environment prints the ConfigError message and exits 1. */
export const loadBookingConfigOrExit = (): BookingConfig => exitOnConfigError(() => loadBookingConfig());
