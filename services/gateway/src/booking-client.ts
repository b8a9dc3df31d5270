import type { ChannelCredentials } from '@grpc/grpc-js';
import { createGrpcClient, loadProto, type GrpcClient, type PromiseClient } from '@ticres/shared';
import type { BookingProto, bookingV1 } from '@ticres/proto';

/** The booking service as the routes see it: promise methods, deadline and token forwarding built in. */
export type BookingClient = PromiseClient<bookingV1.BookingServiceClient>;

export function createBookingClient(address: string, deadlineMs: number, credentials?: ChannelCredentials): GrpcClient<bookingV1.BookingServiceClient> {
  const proto = loadProto<BookingProto>('booking');
  return createGrpcClient(proto.ticres.booking.v1.BookingService, address, deadlineMs, credentials);
}
