import { PAYMENT_LIMITS } from '@ticres/shared/limits';
import { uuidSchema } from '../http/schemas';
import { printableAscii } from '../http/text-schemas';
import { bookingSchema } from './booking.schemas';

/** JSON schemas of payments: the pay body and the answers' shapes. */

export const PAYMENT_METHODS = ['credit_card', 'bank_transfer', 'e_wallet'] as const;
export const TRANSACTION_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
export const REFUND_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;

/** The simulated provider's test tokens (see the payment service's configuration). */
export const DECLINE_TOKEN = 'tok_decline';
export const TIMEOUT_TOKEN = 'tok_timeout';

const dateTime = { type: 'string', format: 'date-time' } as const;

export const transactionSchema = {
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

export const refundSchema = {
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

/** A refund as an admin sees it: with its provider attempts and why the last one failed. */
export const adminRefundSchema = {
  ...refundSchema,
  required: [...refundSchema.required, 'attempts', 'last_error', 'updated_at'],
  properties: {
    ...refundSchema.properties,
    attempts: {
      type: 'integer',
      description: 'Failed provider calls so far. At REFUND_MAX_ATTEMPTS the refund is FAILED; an admin retry counts afresh.',
    },
    last_error: { type: 'string', nullable: true, description: 'The provider’s answer to the last failed call.' },
    updated_at: dateTime,
  },
} as const;

export const refundStatusQuery = { type: 'string', enum: REFUND_STATUSES } as const;

export const paymentStatusSchema = {
  type: 'object',
  required: ['booking', 'transaction', 'refund'],
  additionalProperties: false,
  properties: {
    booking: bookingSchema,
    transaction: {
      ...transactionSchema,
      nullable: true,
      description: 'The successful transaction (or the latest attempt); null before any payment.',
    },
    refund: { ...refundSchema, nullable: true, description: 'Null unless the payment was refunded.' },
  },
} as const;

export const payBody = {
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
} as const;

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
