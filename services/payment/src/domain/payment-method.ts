import { randomUUID } from 'node:crypto';

export const PAYMENT_METHODS = ['credit_card', 'bank_transfer', 'e_wallet'] as const;

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const isPaymentMethod = (value: string): value is PaymentMethod => (PAYMENT_METHODS as readonly string[]).includes(value);

/** The provider reference's prefix per method: the provider routes a charge by it. */
export const EXTERNAL_ID_PREFIX: Record<PaymentMethod, string> = {
  credit_card: 'PAY-CR-',
  bank_transfer: 'PAY-BT-',
  e_wallet: 'PAY-EW-',
};

/** A new provider reference for a charge: the method's prefix and a random UUID, unique by construction. */
export function newExternalId(method: PaymentMethod, unique: string = randomUUID()): string {
  return `${EXTERNAL_ID_PREFIX[method]}${unique.toUpperCase()}`;
}

/** The provider reference of a transaction's refund: one per transaction, so a retry is the same refund. */
export function refundExternalId(transactionId: string): string {
  return `REF-${transactionId.toUpperCase()}`;
}
