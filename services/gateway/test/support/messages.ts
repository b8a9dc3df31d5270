import type { authV1, bookingV1, catalogV1, paymentV1 } from '@ticres/proto';
import { eventSchema } from '../../src/routes/event.schemas';

/** gRPC answers as the services send them (every proto3 field present), for the fake clients. */

/** The HTTP shape of eventMessage(): the example the OpenAPI document shows for an event. */
export const EVENT_JSON = eventSchema.examples[0];

export const EVENT_ID = EVENT_JSON.id;
export const ORGANIZER_ID = EVENT_JSON.organizer_id;
export const BOOKING_ID = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a03';
export const USER_ID = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a04';
export const TRANSACTION_ID = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a07';
export const REFUND_ID = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a08';
export const SEAT_IDS = ['0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a05', '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a06'] as const;

/** auth's answer naming a user: Register, GetUser, SetUserRole. */
export const USER: authV1.User__Output = {
  id: '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69',
  name: 'Ann',
  email: 'ann@example.com',
  role: 'customer',
  created_at: '2026-01-02T03:04:05.000Z',
};

/** auth's answer to a login or a refresh. */
export const TOKENS: authV1.TokenPair__Output = { access_token: 'a.b.c', refresh_token: 'r1', token_type: 'Bearer', expires_in: 900 };

/** A section as catalog sends it: zeros for the fields of the other form, a seated section's capacity unset. */
const sectionMessage = (section: (typeof EVENT_JSON.sections)[number]): catalogV1.Section__Output =>
  'rows' in section ? { ...section, capacity: 0 } : { ...section, rows: 0, seats_per_row: 0 };

export const eventMessage = (overrides: Partial<catalogV1.Event__Output> = {}): catalogV1.Event__Output => ({
  ...EVENT_JSON,
  sections: EVENT_JSON.sections.map(sectionMessage),
  ...overrides,
});

export const seatMessages = (): bookingV1.Seat__Output[] => [
  {
    id: SEAT_IDS[0],
    label: 'VIP-A-1',
    section: 'VIP',
    row: 'A',
    number: 1,
    price_cents: 150_000_000,
    status: 'available',
  },
  {
    id: SEAT_IDS[1],
    label: 'Festival-1',
    section: 'Festival',
    row: '',
    number: 1,
    price_cents: 50_000_000,
    status: 'held',
  },
];

export const SEATS_JSON = [
  {
    id: SEAT_IDS[0],
    label: 'VIP-A-1',
    section: 'VIP',
    row: 'A',
    number: 1,
    price_cents: 150_000_000,
    status: 'available',
  },
  {
    id: SEAT_IDS[1],
    label: 'Festival-1',
    section: 'Festival',
    row: null,
    number: 1,
    price_cents: 50_000_000,
    status: 'held',
  },
];

/** GetEventSeats' answer listing `seats`. */
export const seatList = (seats = seatMessages()): bookingV1.SeatList__Output => ({ seats, seat_count: seats.length, seats_omitted: false });

/** GetEventSeats' answer for an event above EVENT_DETAIL_MAX_SEATS: the count, no seat. */
export const countedSeats = (seatCount: number): bookingV1.SeatList__Output => ({ seats: [], seat_count: seatCount, seats_omitted: true });

export const bookingMessage = (overrides: Partial<bookingV1.Booking__Output> = {}): bookingV1.Booking__Output => ({
  id: BOOKING_ID,
  user_id: USER_ID,
  event_id: EVENT_ID,
  status: 'PENDING',
  seats: [{ id: SEAT_IDS[0], label: 'VIP-A-1', price_cents: 150_000_000 }],
  total_cents: 150_000_000,
  currency: 'IDR',
  expires_at: '2026-01-02T03:19:05.000Z',
  created_at: '2026-01-02T03:04:05.000Z',
  updated_at: '2026-01-02T03:04:05.000Z',
  ...overrides,
});

export const BOOKING_JSON = {
  id: BOOKING_ID,
  user_id: USER_ID,
  event_id: EVENT_ID,
  status: 'PENDING',
  seats: [{ id: SEAT_IDS[0], label: 'VIP-A-1', price_cents: 150_000_000 }],
  total_cents: 150_000_000,
  currency: 'IDR',
  expires_at: '2026-01-02T03:19:05.000Z',
  created_at: '2026-01-02T03:04:05.000Z',
  updated_at: '2026-01-02T03:04:05.000Z',
};

export const transactionMessage = (overrides: Partial<paymentV1.Transaction__Output> = {}): paymentV1.Transaction__Output => ({
  id: TRANSACTION_ID,
  booking_id: BOOKING_ID,
  amount_cents: 150_000_000,
  currency: 'IDR',
  payment_method: 'credit_card',
  status: 'SUCCEEDED',
  external_id: 'PAY-CR-0190A4A47C3E',
  created_at: '2026-01-02T03:05:00.000Z',
  ...overrides,
});

export const TRANSACTION_JSON = {
  id: TRANSACTION_ID,
  booking_id: BOOKING_ID,
  amount_cents: 150_000_000,
  currency: 'IDR',
  payment_method: 'credit_card',
  status: 'SUCCEEDED',
  external_id: 'PAY-CR-0190A4A47C3E',
  created_at: '2026-01-02T03:05:00.000Z',
};

export const refundMessage = (overrides: Partial<paymentV1.Refund__Output> = {}): paymentV1.Refund__Output => ({
  id: REFUND_ID,
  booking_id: BOOKING_ID,
  transaction_id: TRANSACTION_ID,
  amount_cents: 150_000_000,
  status: 'COMPLETED',
  reason: 'event_cancelled',
  created_at: '2026-01-03T10:00:00.000Z',
  attempts: 0,
  last_error: '',
  updated_at: '2026-01-03T10:00:05.000Z',
  ...overrides,
});

export const REFUND_JSON = {
  id: REFUND_ID,
  booking_id: BOOKING_ID,
  transaction_id: TRANSACTION_ID,
  amount_cents: 150_000_000,
  status: 'COMPLETED',
  reason: 'event_cancelled',
  created_at: '2026-01-03T10:00:00.000Z',
};
