import type { paymentV1 } from '@ticres/proto';
import { unary, type Logger, type TokenVerifier, type WriteLimit } from '@ticres/shared';
import type { PaymentComponents } from '../compose';
import { toProtoPaymentStatus, toProtoRefund, toProtoTransaction } from './to-proto';

export type PaymentHandlerDeps = Pick<PaymentComponents, 'pay' | 'getPaymentStatus' | 'listRefunds' | 'retryRefund'> & {
  logger: Logger;
  /** Proves the caller from the `authorization` metadata; every call needs one. */
  verifier: TokenVerifier;
  /** Proves the caller of each write (Pay, RetryRefund) and counts it against WRITE_LIMIT_PER_USER. */
  writes: WriteLimit;
};

/** `ticres.payment.v1.PaymentService`: decode, call the use case, encode. Errors map in `unary`. */
export function createPaymentHandlers(deps: PaymentHandlerDeps): paymentV1.PaymentServiceHandlers {
  const { logger, verifier, writes } = deps;
  return {
    Pay: unary(logger, async (request: paymentV1.PayRequest__Output, context) => {
      const caller = await writes.person(context.token);
      const transaction = await deps.pay(caller, {
        bookingId: request.booking_id,
        paymentMethod: request.payment_method,
        paymentToken: request.payment_token,
        idempotencyKey: request.idempotency_key,
      });
      return toProtoTransaction(transaction);
    }),

    GetPaymentStatus: unary(logger, async (request: paymentV1.GetPaymentStatusRequest__Output, context) => {
      const caller = await verifier.verifyUser(context.token);
      return toProtoPaymentStatus(await deps.getPaymentStatus(caller, request.booking_id));
    }),

    ListRefunds: unary(logger, async (request: paymentV1.ListRefundsRequest__Output, context) => {
      const caller = await verifier.verifyUser(context.token);
      const page = await deps.listRefunds(caller, request);
      return { refunds: page.refunds.map(toProtoRefund), total: page.total, page: page.page, limit: page.limit };
    }),

    RetryRefund: unary(logger, async (request: paymentV1.RetryRefundRequest__Output, context) => {
      const caller = await writes.person(context.token);
      return toProtoRefund(await deps.retryRefund(caller, request.id));
    }),
  };
}
