import type { FastifyPluginAsync } from 'fastify';
import { isAppError } from '@ticres/shared';
import type { paymentV1 } from '@ticres/proto';
import type { BookingClient } from '../booking-client';
import { callerOf, type AuthHook } from '../http/authenticate';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyHeaders, type IdempotencyKeyHeaders } from '../http/idempotency';
import { created, locationOf, ref } from '../http/components';
import type { PaymentClient } from '../payment-client';
import { bookingIdParams, payBody, paymentStatusResponse, transactionResponse, type BookingIdParams, type PayBody } from './payment.schemas';
import { presentBooking, presentRefund, presentTransaction } from './present';

export interface PaymentsRoutesDeps {
  booking: BookingClient;
  payment: PaymentClient;
  authenticate: AuthHook;
}

const tags = ['payments'];

/** Payment's view of a booking; none while nothing was ever charged for it (payment's NOT_FOUND). */
async function paymentStatusOf(payment: PaymentClient, bookingId: string, token: string): Promise<paymentV1.PaymentStatus__Output | null> {
  try {
    return await payment.GetPaymentStatus({ booking_id: bookingId }, { token });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Paying for one of the caller's bookings and reading where its payment stands. Another user's
 * booking is NOT_FOUND (404) on both routes: payment's claim through booking decides it on pay,
 * booking's GetBooking on the status.
 */
export function paymentsRoutes({ booking, payment, authenticate }: PaymentsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: PayBody; Headers: IdempotencyKeyHeaders }>(
      '/payments',
      {
        schema: {
          tags,
          operationId: 'pay',
          summary: 'Pay for one of the caller’s pending bookings',
          description:
            'Charges the booking’s total and answers the SUCCEEDED transaction; the booking turns PAID a moment later (through RabbitMQ) and a confirmation email follows. ' +
            'Another user’s booking is 404; 409 ALREADY_PAID when it is paid; 410 BOOKING_EXPIRED when its hold lapsed; 402 PAYMENT_DECLINED when the provider refuses (the booking stays PENDING and payable).',
          headers: idempotencyKeyHeaders,
          body: ref(payBody),
          response: {
            201: created('The SUCCEEDED transaction; `Location` is the booking’s payment status', transactionResponse),
          },
          errors: [
            'RATE_LIMITED',
            'PAYMENT_DECLINED',
            'NOT_FOUND',
            'ALREADY_PAID',
            'IDEMPOTENCY_IN_PROGRESS',
            'CONFLICT',
            'BOOKING_EXPIRED',
            'IDEMPOTENCY_KEY_REUSED',
          ],
        },
        onRequest: [authenticate],
      },
      async (request, reply) => {
        const { body } = request;
        const transaction = await payment.Pay(
          {
            booking_id: body.booking_id,
            payment_method: body.payment_method,
            payment_token: body.payment_token ?? '',
            idempotency_key: request.headers[IDEMPOTENCY_KEY_HEADER] ?? '',
          },
          { token: callerOf(request).token },
        );
        return reply
          .code(201)
          .header('location', locationOf(request.routeOptions.url!, transaction.booking_id))
          .send({ data: presentTransaction(transaction) });
      },
    );

    app.get<{ Params: BookingIdParams }>(
      '/payments/:booking_id',
      {
        schema: {
          tags,
          operationId: 'getPaymentStatus',
          summary: 'One of the caller’s bookings with its payment and refund',
          description: '`transaction` and `refund` are null while there is none.',
          params: bookingIdParams,
          response: { 200: { description: 'The booking, its transaction and its refund', ...ref(paymentStatusResponse) } },
          errors: ['NOT_FOUND'],
        },
        onRequest: [authenticate],
      },
      async (request) => {
        const { token } = callerOf(request);
        const id = request.params.booking_id;
        // Asked at once; booking's answer decides first, so another user's booking is its 404.
        const [found, status] = await Promise.allSettled([booking.GetBooking({ id }, { token }), paymentStatusOf(payment, id, token)]);
        if (found.status === 'rejected') throw found.reason;
        if (status.status === 'rejected') throw status.reason;
        const { transaction, refund } = status.value ?? {};
        return {
          data: {
            booking: presentBooking(found.value),
            transaction: transaction ? presentTransaction(transaction) : null,
            refund: refund ? presentRefund(refund) : null,
          },
        };
      },
    );
  };
}
