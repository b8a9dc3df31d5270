import type { authV1, bookingV1, catalogV1, paymentV1 } from '@ticres/proto';

/** The HTTP shapes of the services' messages: the contract's field names, nothing else. */

export const presentUser = (user: authV1.User__Output) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  created_at: user.created_at,
});

export const presentTokens = (tokens: authV1.TokenPair__Output) => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  token_type: tokens.token_type,
  expires_in: tokens.expires_in,
});

/** proto3 has no null: an unset string arrives empty. */
const orNull = (value: string): string | null => (value === '' ? null : value);

/** Seated sections show their rows; general admission (no rows) its capacity alone. */
export const presentSection = (section: catalogV1.Section__Output) =>
  section.rows > 0
    ? {
        name: section.name,
        price_cents: section.price_cents,
        rows: section.rows,
        seats_per_row: section.seats_per_row,
        capacity: section.rows * section.seats_per_row,
      }
    : { name: section.name, price_cents: section.price_cents, capacity: section.capacity };

export const presentEvent = (event: catalogV1.Event__Output) => ({
  id: event.id,
  name: event.name,
  description: event.description,
  location: event.location,
  starts_at: event.starts_at,
  currency: event.currency,
  status: event.status,
  organizer_id: event.organizer_id,
  capacity: event.capacity,
  sections: event.sections.map(presentSection),
  created_at: event.created_at,
  updated_at: event.updated_at,
});

export const presentSeat = (seat: bookingV1.Seat__Output) => ({
  id: seat.id,
  label: seat.label,
  section: seat.section,
  row: orNull(seat.row),
  number: seat.number,
  price_cents: seat.price_cents,
  status: seat.status,
});

export const presentBooking = (booking: bookingV1.Booking__Output) => ({
  id: booking.id,
  user_id: booking.user_id,
  event_id: booking.event_id,
  status: booking.status,
  seats: booking.seats.map((seat) => ({ id: seat.id, label: seat.label, price_cents: seat.price_cents })),
  total_cents: booking.total_cents,
  currency: booking.currency,
  expires_at: orNull(booking.expires_at),
  created_at: booking.created_at,
  updated_at: booking.updated_at,
});

export const presentTransaction = (transaction: paymentV1.Transaction__Output) => ({
  id: transaction.id,
  booking_id: transaction.booking_id,
  amount_cents: transaction.amount_cents,
  currency: transaction.currency,
  payment_method: transaction.payment_method,
  status: transaction.status,
  external_id: orNull(transaction.external_id),
  created_at: transaction.created_at,
});

export const presentRefund = (refund: paymentV1.Refund__Output) => ({
  id: refund.id,
  booking_id: refund.booking_id,
  transaction_id: refund.transaction_id,
  amount_cents: refund.amount_cents,
  status: refund.status,
  reason: orNull(refund.reason),
  created_at: refund.created_at,
});

export const presentAdminRefund = (refund: paymentV1.Refund__Output) => ({
  ...presentRefund(refund),
  attempts: refund.attempts,
  last_error: orNull(refund.last_error),
  updated_at: refund.updated_at,
});
