import type { FastifyInstance } from 'fastify';
import type { Component } from '../http/components';
import { pageMetaSchema } from '../http/pagination';
import { problemSchema, tokenPairResponse, tokenPairSchema, userResponse, userSchema } from '../http/schemas';
import { loginBody, refreshTokenBody, registerBody, setRoleBody } from './auth.schemas';
import { bookingPage, bookingResponse, bookingSchema, holdSeatsBody } from './booking.schemas';
import { availabilityResponse, availabilitySchema } from './event-availability.schemas';
import {
  createEventBody,
  eventDetailResponse,
  eventDetailSchema,
  eventPage,
  eventResponse,
  eventSchema,
  largeEventDetailSchema,
  seatSchema,
  updateEventBody,
} from './event.schemas';
import {
  adminRefundPage,
  adminRefundResponse,
  adminRefundSchema,
  payBody,
  paymentStatusResponse,
  paymentStatusSchema,
  transactionResponse,
  transactionSchema,
} from './payment.schemas';

/**
 * Every named schema of the API: the bodies routes take and answer, and the models inside them.
 * A route that points at a schema missing here fails to start.
 */
export const API_SCHEMAS: readonly Component[] = [
  problemSchema,
  pageMetaSchema,
  userSchema,
  userResponse,
  tokenPairSchema,
  tokenPairResponse,
  registerBody,
  loginBody,
  refreshTokenBody,
  setRoleBody,
  eventSchema,
  eventResponse,
  eventPage,
  seatSchema,
  eventDetailSchema,
  largeEventDetailSchema,
  eventDetailResponse,
  createEventBody,
  updateEventBody,
  availabilitySchema,
  availabilityResponse,
  bookingSchema,
  bookingResponse,
  bookingPage,
  holdSeatsBody,
  transactionSchema,
  transactionResponse,
  paymentStatusSchema,
  paymentStatusResponse,
  payBody,
  adminRefundSchema,
  adminRefundResponse,
  adminRefundPage,
];

/** Makes the schemas resolvable by `$ref` for the serializer and the OpenAPI document. */
export function registerApiSchemas(app: FastifyInstance): void {
  for (const schema of API_SCHEMAS) app.addSchema(schema);
}
