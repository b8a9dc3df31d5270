/**
 * The one source of every input limit that both the gateway's schemas (and so the OpenAPI
 * document) and the owning service's domain validation enforce. Lengths count characters (code
 * points), after trimming where the service trims.
 */

/** Offset paging on every list: page from 1, `limit` items per page. */
export const PAGE_LIMITS = {
  defaultSize: 20,
  maxSize: 100,
  // Offset paging past this is a crawl, not a person browsing; it would only cost Postgres.
  maxPage: 10_000,
} as const;

/** An event's own fields (catalog). */
export const EVENT_LIMITS = {
  nameLength: 200,
  locationLength: 200,
  descriptionLength: 5_000,
  cancelReasonLength: 500,
  searchLength: 200,
  sectionsPerEvent: 20,
  seatsPerEvent: 100_000,
} as const;

/** One section of an event's layout (catalog). */
export const SECTION_LIMITS = {
  nameLength: 50,
  maxPriceCents: 100_000_000_000,
  rows: 100,
  seatsPerRow: 500,
  capacity: 100_000,
} as const;

/** Holds (booking). */
export const BOOKING_LIMITS = {
  seatsPerBooking: 10,
} as const;

/** Payments (payment). */
export const PAYMENT_LIMITS = {
  tokenLength: 255,
} as const;

/** Accounts (auth). */
export const USER_LIMITS = {
  nameLength: 100,
  emailLength: 254,
} as const;

/** The `Idempotency-Key` of POST /bookings and POST /payments (booking, payment). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
