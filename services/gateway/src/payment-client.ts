import type { ChannelCredentials } from '@grpc/grpc-js';
import { createGrpcClient, loadProto, type GrpcClient, type PromiseClient } from '@ticres/shared';
import type { PaymentProto, paymentV1 } from '@ticres/proto';

/** The payment service as the routes see it: promise methods, deadline and token forwarding built in. */
export type PaymentClient = PromiseClient<paymentV1.PaymentServiceClient>;

export function createPaymentClient(address: string, deadlineMs: number, credentials?: ChannelCredentials): GrpcClient<paymentV1.PaymentServiceClient> {
  const proto = loadProto<PaymentProto>('payment');
  return createGrpcClient(proto.ticres.payment.v1.PaymentService, address, deadlineMs, credentials);
}
