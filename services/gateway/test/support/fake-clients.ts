import type { AuthProto, BookingProto, CatalogProto, PaymentProto } from '@ticres/proto';
import { loadProto } from '@ticres/shared';
import type { AuthClient } from '../../src/auth-client';
import type { BookingClient } from '../../src/booking-client';
import type { CatalogClient } from '../../src/catalog-client';
import type { PaymentClient } from '../../src/payment-client';

/**
 * A client whose methods are jest mocks, one per RPC the service's proto declares (read from the
 * proto at run time, so a fake cannot offer a method the real client lacks); any call a test did
 * not set up fails loudly.
 */
function fakeClient<Client extends object>(service: string, methods: string[], overrides: Partial<Client>): jest.Mocked<Client> {
  const fake: Record<string, jest.Mock> = {};
  for (const method of methods) {
    const implementation = (overrides as Record<string, unknown>)[method] ?? (() => Promise.reject(new Error(`unexpected ${service}.${method} call`)));
    fake[method] = jest.fn(implementation as (...args: unknown[]) => Promise<unknown>);
  }
  const unknown = Object.keys(overrides).filter((method) => !methods.includes(method));
  if (unknown.length > 0) throw new Error(`${service} has no method ${unknown.join(', ')}`);
  return fake as jest.Mocked<Client>;
}

const authMethods = () => Object.keys(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService.service);
const catalogMethods = () => Object.keys(loadProto<CatalogProto>('catalog').ticres.catalog.v1.CatalogService.service);
const bookingMethods = () => Object.keys(loadProto<BookingProto>('booking').ticres.booking.v1.BookingService.service);
const paymentMethods = () => Object.keys(loadProto<PaymentProto>('payment').ticres.payment.v1.PaymentService.service);

export const fakeAuth = (overrides: Partial<AuthClient> = {}) => fakeClient('auth', authMethods(), overrides);

export const fakeCatalog = (overrides: Partial<CatalogClient> = {}) => fakeClient('catalog', catalogMethods(), overrides);

export const fakeBooking = (overrides: Partial<BookingClient> = {}) => fakeClient('booking', bookingMethods(), overrides);

export const fakePayment = (overrides: Partial<PaymentClient> = {}) => fakeClient('payment', paymentMethods(), overrides);
