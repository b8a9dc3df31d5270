import type { PaymentMethod } from './payment-method';

export const TRANSACTION_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const REFUND_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Why a transaction ended FAILED. `abandoned`: its attempt died before recording an outcome and
 * the reconciler found no capture under its reference at the provider.
 */
export type FailureReason = 'declined' | 'timeout' | 'claim_refused' | 'already_paid' | 'abandoned';

export interface Transaction {
  id: string;
  bookingId: string;
  userId: string;
  /** Known once booking accepted the claim; null for an attempt it refused. */
  eventId: string | null;
  amountCents: number | null;
  currency: string | null;
  paymentMethod: PaymentMethod;
  status: TransactionStatus;
  externalId: string;
  failureReason: FailureReason | null;
  /** The caller's Idempotency-Key the attempt was made under; null without one. */
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A transaction booking accepted: what it charges is known. */
export type ClaimedTransaction = Transaction & { eventId: string; amountCents: number; currency: string };

export const isClaimed = (transaction: Transaction): transaction is ClaimedTransaction =>
  transaction.eventId !== null && transaction.amountCents !== null && transaction.currency !== null;

export interface Refund {
  id: string;
  transactionId: string;
  bookingId: string;
  amountCents: number;
  status: RefundStatus;
  reason: string;
  externalId: string;
  attempts: number;
  /** The provider's answer to the last failed attempt; null when none failed. */
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const TRANSACTION_TRANSITIONS: Record<TransactionStatus, readonly TransactionStatus[]> = {
  PENDING: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: ['REFUNDED'],
  FAILED: [],
  REFUNDED: [],
};

const REFUND_TRANSITIONS: Record<RefundStatus, readonly RefundStatus[]> = {
  PENDING: ['COMPLETED', 'FAILED'],
  COMPLETED: [],
  // An operator's retry of a refund that gave up.
  FAILED: ['PENDING'],
};

/** The transaction state machine: `PENDING -> SUCCEEDED | FAILED`, `SUCCEEDED -> REFUNDED`. */
export const canTransitionTransaction = (from: TransactionStatus, to: TransactionStatus): boolean => TRANSACTION_TRANSITIONS[from].includes(to);

/** The refund state machine: `PENDING -> COMPLETED | FAILED`, `FAILED -> PENDING` (retried by an admin). */
export const canTransitionRefund = (from: RefundStatus, to: RefundStatus): boolean => REFUND_TRANSITIONS[from].includes(to);

/** Statuses a transaction may have been in just before it became `to`: what a conditional update expects. */
export const transactionStatusesBefore = (to: TransactionStatus): TransactionStatus[] =>
  TRANSACTION_STATUSES.filter((from) => canTransitionTransaction(from, to));

/** Statuses a refund may have been in just before it became `to`. */
export const refundStatusesBefore = (to: RefundStatus): RefundStatus[] => REFUND_STATUSES.filter((from) => canTransitionRefund(from, to));

/** Of a booking's transactions (newest first), the one its status shows: the successful one, else the latest. */
export function transactionToShow<T extends Pick<Transaction, 'status'>>(newestFirst: readonly T[]): T | undefined {
  return newestFirst.find((t) => t.status === 'SUCCEEDED' || t.status === 'REFUNDED') ?? newestFirst[0];
}
