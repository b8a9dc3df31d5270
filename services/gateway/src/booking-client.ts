import { createGrpcClient, loadProto, type GrpcClient, type PromiseClient } from '@ticres/shared';
import type { BookingProto, bookingV1 } from '@ticres/proto';

/** The booking service as the routes see it: promise methods, deadline and token forwarding built in. */
export type BookingClient = PromiseClient<bookingV1.BookingServiceClient>;

/** The full name `grpc.health.v1` knows the booking service by. */
export const BOOKING_SERVICE_NAME = 'ticres.booking.v1.BookingService';

export function createBookingClient(address: string, deadlineMs: number): GrpcClient<bookingV1.BookingServiceClient> {
  const proto = loadProto<BookingProto>('booking');
  return createGrpcClient(proto.ticres.booking.v1.BookingService, address, deadlineMs);
}
