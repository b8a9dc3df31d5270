import path from 'node:path';

/** Folder that holds `ticres/<service>/v1/*.proto`, the include root for the loader. */
export const PROTO_ROOT = path.resolve(__dirname, '..', '..');

/** Proto file of each service, relative to PROTO_ROOT. */
export const PROTO_FILES = {
  auth: 'ticres/auth/v1/auth.proto',
  catalog: 'ticres/catalog/v1/catalog.proto',
  booking: 'ticres/booking/v1/booking.proto',
  payment: 'ticres/payment/v1/payment.proto',
} as const;

export type ProtoService = keyof typeof PROTO_FILES;

/** Full name of each service, as servers register it and `grpc.health.v1` knows it. */
export const SERVICE_NAMES = {
  auth: 'ticres.auth.v1.AuthService',
  catalog: 'ticres.catalog.v1.CatalogService',
  booking: 'ticres.booking.v1.BookingService',
  payment: 'ticres.payment.v1.PaymentService',
} as const satisfies Record<ProtoService, string>;

export type { ProtoGrpcType as AuthProto } from '../generated/auth';
export type { ProtoGrpcType as CatalogProto } from '../generated/catalog';
export type { ProtoGrpcType as BookingProto } from '../generated/booking';
export type { ProtoGrpcType as PaymentProto } from '../generated/payment';

export type * as authV1 from '../generated/ticres/auth/v1/index';
export type * as catalogV1 from '../generated/ticres/catalog/v1/index';
export type * as bookingV1 from '../generated/ticres/booking/v1/index';
export type * as paymentV1 from '../generated/ticres/payment/v1/index';
