import { createHash } from 'node:crypto';
import { clientAddressKey, isUuid, validationError, type FieldError } from '@ticres/shared';
import { BOOKING_LIMITS, IDEMPOTENCY_KEY_MAX_LENGTH, PRINTABLE_ASCII_PATTERN, SECTION_LIMITS, singleLineTextProblem } from '@ticres/shared/limits';

/** The design's cap on seats in one booking. */
export const MAX_SEATS_PER_BOOKING = BOOKING_LIMITS.seatsPerBooking;
const MAX_SECTION_NAME_LENGTH = SECTION_LIMITS.nameLength;
const MAX_IDEMPOTENCY_KEY_LENGTH = IDEMPOTENCY_KEY_MAX_LENGTH;

/** HoldSeats as it arrives: proto3 leaves absent fields empty (`[]`, `0`, `''`). */
export interface HoldSeatsInput {
  eventId: string;
  seatIds: string[];
  quantity: number;
  section: string;
  idempotencyKey: string;
  /** The end user's IP address; empty or absent when unknown. */
  clientAddress?: string;
}

/** A checked request: named seats, or a quantity of the best available (optionally in one section). */
export type HoldRequest = {
  eventId: string;
  idempotencyKey: string | undefined;
  /** What the client's holds are counted under (see clientAddressKey); undefined when unknown. */
  clientAddress?: string | undefined;
} & ({ kind: 'seats'; seatIds: string[] } | { kind: 'quantity'; quantity: number; section: string | undefined });

const PRINTABLE_ASCII = new RegExp(PRINTABLE_ASCII_PATTERN);

/**
 * Checks every field, so the caller learns all its mistakes at once, and normalises ids to lower
 * case. Exactly one form: `seat_ids`, or `quantity` (with an optional `section`); 1 to 10 seats;
 * no seat twice. Throws VALIDATION_FAILED listing each bad field.
 */
export function parseHoldRequest(input: HoldSeatsInput): HoldRequest {
  const problems: FieldError[] = [];
  const check = (field: string, message: string | undefined) => {
    if (message) problems.push({ field, message });
  };

  check('event_id', isUuid(input.eventId) ? undefined : 'must be a UUID');
  const key = input.idempotencyKey;
  check(
    'idempotency_key',
    key === '' || (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && PRINTABLE_ASCII.test(key))
      ? undefined
      : `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`,
  );

  const clientAddress = input.clientAddress ? clientAddressKey(input.clientAddress) : undefined;
  if (input.clientAddress && clientAddress === undefined) check('client_address', 'must be an IP address');

  const bySeats = input.seatIds.length > 0;
  const byQuantity = input.quantity !== 0;
  if (bySeats === byQuantity) {
    const message = bySeats ? 'give seat_ids or quantity, not both' : 'give seat_ids or quantity';
    check('seat_ids', message);
    check('quantity', message);
  }

  const seatIds = input.seatIds.map((id) => id.toLowerCase());
  if (bySeats) {
    check('seat_ids', seatIdsProblem(seatIds));
    if (input.section !== '') check('section', 'only goes with quantity');
  }
  if (byQuantity && !bySeats) {
    const { quantity, section } = input;
    check(
      'quantity',
      Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_SEATS_PER_BOOKING
        ? undefined
        : `must be an integer from 1 to ${MAX_SEATS_PER_BOOKING}`,
    );
    check('section', section.length <= MAX_SECTION_NAME_LENGTH ? singleLineTextProblem(section) : `must be at most ${MAX_SECTION_NAME_LENGTH} characters`);
  }

  if (problems.length > 0) throw validationError(problems);
  const common = { eventId: input.eventId.toLowerCase(), idempotencyKey: key === '' ? undefined : key, clientAddress };
  return bySeats
    ? { ...common, kind: 'seats', seatIds }
    : { ...common, kind: 'quantity', quantity: input.quantity, section: input.section === '' ? undefined : input.section };
}

function seatIdsProblem(seatIds: string[]): string | undefined {
  if (seatIds.length > MAX_SEATS_PER_BOOKING) return `must hold at most ${MAX_SEATS_PER_BOOKING} seats`;
  if (!seatIds.every(isUuid)) return 'must be UUIDs';
  if (new Set(seatIds).size !== seatIds.length) return 'must not name a seat twice';
  return undefined;
}

/**
 * SHA-256 of what the request asks for, blind to the order of `seat_ids` and to the key itself:
 * the same key with the same fingerprint is a replay, with another it is a misuse.
 */
export function holdRequestFingerprint(request: HoldRequest): string {
  const canonical =
    request.kind === 'seats'
      ? { event_id: request.eventId, seat_ids: [...request.seatIds].sort() }
      : { event_id: request.eventId, quantity: request.quantity, section: request.section ?? null };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
