import { PAYMENT_LIMITS } from '@ticres/shared/limits';
import { component, dataOf, ref } from '../http/components';
import { pageOf } from '../http/pagination';
import { dateTimeSchema as dateTime, uuidSchema } from '../http/schemas';
import { printableAscii } from '../http/text-schemas';
import { bookingSchema } from './booking.schemas';

/** JSON schemas of payments: the pay body and the answers' shapes. */

export const PAYMENT_METHODS = ['credit_card', 'bank_transfer', 'e_wallet'] as const;
export const TRANSACTION_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
export const REFUND_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;

/** The simulated provider's test tokens (see the payment service's configuration). */
export const DECLINE_TOKEN = 'tok_decline';
export const TIMEOUT_TOKEN = 'tok_timeout';

const transactionShape = {
  type: 'object',
  required: ['id', 'booking_id', 'amount_cents', 'currency', 'payment_method', 'status', 'external_id', 'created_at'],
  additionalProperties: false,
  properties: {
    id: uuidSchema,
    booking_id: uuidSchema,
    amount_cents: { type: 'integer' },
    currency: { type: 'string' },
    payment_method: { type: 'string', enum: PAYMENT_METHODS },
    status: { type: 'string', enum: TRANSACTION_STATUSES },
    external_id: {
      type: 'string',
      nullable: true,
      description: 'The provider’s unique reference of the charge; null while it has none.',
    },
    created_at: dateTime,
  },
} as const;

const transactionExample = {
  id: '0193a5c1-2a3b-7c4d-9e5f-607182930a1b',
  booking_id: '0193a5c0-1f2e-7d3c-8b4a-596877665544',
  amount_cents: 300_000_000,
  currency: 'IDR',
  payment_method: 'credit_card',
  status: 'SUCCEEDED',
  external_id: 'PAY-CR-0193a5c12a3b',
  created_at: '2026-07-02T10:05:00.000Z',
} as const;

export const transactionSchema = component('Transaction', transactionShape, transactionExample);
export const transactionResponse = dataOf(transactionSchema);

const refundShape = {
  type: 'object',
  required: ['id', 'booking_id', 'transaction_id', 'amount_cents', 'status', 'reason', 'created_at'],
  additionalProperties: false,
  properties: {
    id: uuidSchema,
    booking_id: uuidSchema,
    transaction_id: uuidSchema,
    amount_cents: { type: 'integer' },
    status: { type: 'string', enum: REFUND_STATUSES },
    reason: { type: 'string', nullable: true },
    created_at: dateTime,
  },
} as const;

const refundExample = {
  id: '0193a5d0-3b4c-7d5e-8f60-718293a4b5c6',
  booking_id: '0193a5c0-1f2e-7d3c-8b4a-596877665544',
  transaction_id: '0193a5c1-2a3b-7c4d-9e5f-607182930a1b',
  amount_cents: 300_000_000,
  status: 'COMPLETED',
  reason: 'Event cancelled: venue flooded',
  created_at: '2026-07-03T08:00:00.000Z',
} as const;

/** A refund as an admin sees it: with its provider attempts and why the last one failed. */
export const adminRefundSchema = component(
  'AdminRefund',
  {
    ...refundShape,
    required: [...refundShape.required, 'attempts', 'last_error', 'updated_at'],
    properties: {
      ...refundShape.properties,
      attempts: {
        type: 'integer',
        description: 'Failed provider calls so far. At REFUND_MAX_ATTEMPTS the refund is FAILED; an admin retry counts afresh.',
      },
      last_error: { type: 'string', nullable: true, description: 'The provider’s answer to the last failed call.' },
      updated_at: dateTime,
    },
  },
  { ...refundExample, attempts: 0, last_error: null, updated_at: '2026-07-03T08:00:02.000Z' },
);

export const adminRefundPage = pageOf(adminRefundSchema);
export const adminRefundResponse = dataOf(adminRefundSchema);

export const refundStatusQuery = { type: 'string', enum: REFUND_STATUSES } as const;

export const paymentStatusSchema = component(
  'PaymentStatus',
  {
    type: 'object',
    required: ['booking', 'transaction', 'refund'],
    additionalProperties: false,
    properties: {
      booking: ref(bookingSchema),
      // Inline rather than a reference: OpenAPI 3.0 ignores `nullable` beside a `$ref`.
      transaction: {
        ...transactionShape,
        nullable: true,
        description: 'The successful transaction (or the latest attempt); null before any payment.',
      },
      refund: { ...refundShape, nullable: true, description: 'Null unless the payment was refunded.' },
    },
  },
  { booking: { ...bookingSchema.examples[0], status: 'PAID', expires_at: null }, transaction: transactionExample, refund: null },
);

export const payBody = component(
  'PayRequest',
  {
    type: 'object',
    required: ['booking_id', 'payment_method'],
    additionalProperties: false,
    properties: {
      booking_id: { ...uuidSchema, description: 'One of the caller’s PENDING bookings.' },
      payment_method: { type: 'string', enum: PAYMENT_METHODS },
      payment_token: {
        ...printableAscii(1, PAYMENT_LIMITS.tokenLength),
        description: `The provider's token for the means of payment. With the simulated provider any token pays, except \`${DECLINE_TOKEN}\` (402 PAYMENT_DECLINED) and \`${TIMEOUT_TOKEN}\` (the provider does not answer in time; the charge is not made). Either way the booking stays PENDING and can be paid again.`,
      },
    },
  },
  { booking_id: '0193a5c0-1f2e-7d3c-8b4a-596877665544', payment_method: 'credit_card', payment_token: 'tok_visa' },
);

export const paymentStatusResponse = dataOf(paymentStatusSchema);

export interface PayBody {
  booking_id: string;
  payment_method: (typeof PAYMENT_METHODS)[number];
  payment_token?: string;
}

/** Path parameters `{ booking_id }`, a UUID. */
export const bookingIdParams = {
  type: 'object',
  required: ['booking_id'],
  additionalProperties: false,
  properties: { booking_id: uuidSchema },
} as const;

export interface BookingIdParams {
  booking_id: string;
}
