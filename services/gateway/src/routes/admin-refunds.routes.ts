import type { FastifyPluginAsync } from 'fastify';
import { callerOf, type AuthHook } from '../http/authenticate';
import { ref } from '../http/components';
import { pageMeta, pageRequest, paginationQueryProperties, type PageQuery } from '../http/pagination';
import { idParams, type IdParams } from '../http/schemas';
import type { PaymentClient } from '../payment-client';
import { adminRefundPage, adminRefundResponse, refundStatusQuery, REFUND_STATUSES } from './payment.schemas';
import { presentAdminRefund } from './present';

export interface AdminRefundsRoutesDeps {
  payment: PaymentClient;
  authenticate: AuthHook;
  requireAdmin: AuthHook;
}

interface RefundsQuery extends PageQuery {
  status?: (typeof REFUND_STATUSES)[number];
}

const refundsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { status: refundStatusQuery, ...paginationQueryProperties },
} as const;

const tags = ['admin'];

/** Refunds for admins: the ones that gave up (FAILED) are listed and retried here. */
export function adminRefundsRoutes({ payment, authenticate, requireAdmin }: AdminRefundsRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: RefundsQuery }>(
      '/admin/refunds',
      {
        schema: {
          tags,
          operationId: 'listRefunds',
          summary: 'Refunds, most recently changed first',
          description:
            '`status=FAILED` lists the refunds that failed REFUND_MAX_ATTEMPTS times and wait for an admin; `meta.total` counts them. A `limit` above 100 is served as 100.',
          querystring: refundsQuery,
          response: { 200: { description: 'A page of refunds', ...ref(adminRefundPage) } },
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request) => {
        const page = pageRequest(request.query);
        const result = await payment.ListRefunds({ status: request.query.status ?? '', ...page }, { token: callerOf(request).token });
        return { data: result.refunds.map(presentAdminRefund), meta: pageMeta(page, result.total) };
      },
    );

    app.post<{ Params: IdParams }>(
      '/admin/refunds/:id/retry',
      {
        schema: {
          tags,
          operationId: 'retryRefund',
          summary: 'Retry a FAILED refund',
          description:
            'The refund is PENDING again with its attempts counted afresh and is attempted at once: the answer is COMPLETED, or PENDING when the provider failed again (the refund runner goes on). 404 for an unknown refund, 409 CONFLICT unless it is FAILED.',
          params: idParams,
          response: { 200: { description: 'The refund after the attempt', ...ref(adminRefundResponse) } },
          errors: ['NOT_FOUND', 'CONFLICT', 'RATE_LIMITED'],
        },
        onRequest: [authenticate, requireAdmin],
      },
      async (request) => {
        const refund = await payment.RetryRefund({ id: request.params.id }, { token: callerOf(request).token });
        return { data: presentAdminRefund(refund) };
      },
    );
  };
}
