import { newId, type EventEnvelope, type PaymentPayload, type Pool, type Principal } from '@ticres/shared';
import type { Booking } from '../../src/domain/booking';

/** The payment service calling as itself (ClaimForPayment, ReleasePaymentClaim). */
export const paymentService: Principal = { userId: 'service:payment', role: 'service' };

/** What payment puts in `booking.paid` for a successful charge of the booking. */
export const paymentOf = (booking: Booking, transactionId = newId()): PaymentPayload => ({
  booking_id: booking.id,
  user_id: booking.userId,
  event_id: booking.eventId,
  transaction_id: transactionId,
  amount_cents: booking.totalCents,
  currency: booking.currency,
  payment_method: 'credit_card',
});

/** `booking.paid`, or `booking.refunded` for the same transaction. */
export const paidEnvelope = (payment: PaymentPayload): EventEnvelope<'booking.paid'> => ({
  id: newId(),
  type: 'booking.paid',
  version: 1,
  occurred_at: new Date().toISOString(),
  aggregate_id: payment.booking_id,
  data: payment,
});

export const refundedEnvelope = (payment: PaymentPayload, reason = 'event_cancelled'): EventEnvelope<'booking.refunded'> => ({
  id: newId(),
  type: 'booking.refunded',
  version: 1,
  occurred_at: new Date().toISOString(),
  aggregate_id: payment.booking_id,
  data: { ...payment, refund_id: newId(), reason },
});

export async function bookingRow(pool: Pool, id: string) {
  const { rows } = await pool.query<{ status: string; transaction_id: string | null; claim_payment_id: string | null; claimed_until: Date | null }>(
    /* sql */ `SELECT status, transaction_id, claim_payment_id, claimed_until FROM bookings WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

/** The status of each of the booking's seats that still name it, and of the seats it listed. */
export async function seatsOfBooking(pool: Pool, booking: Booking): Promise<Array<{ status: string; mine: boolean }>> {
  const { rows } = await pool.query<{ status: string; mine: boolean }>(
    /* sql */ `SELECT status, booking_id IS NOT DISTINCT FROM $2::uuid AS mine FROM seats WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [booking.seats.map((seat) => seat.id), booking.id],
  );
  return rows;
}

/** The outbox rows of one type for one booking, payloads only. */
export async function outboxOf(pool: Pool, type: string, bookingId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await pool.query<{ payload: Record<string, unknown> }>(
    /* sql */ `SELECT payload FROM outbox WHERE type = $1 AND aggregate_id = $2 ORDER BY created_at, id`,
    [type, bookingId],
  );
  return rows.map((row) => row.payload);
}
