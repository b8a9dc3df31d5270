import type * as grpc from '@grpc/grpc-js';
import { SERVICE_NAMES, type ProtoService } from '@ticres/proto';
import { loadProto } from '@ticres/shared';
import fc from 'fast-check';
import { hostileString } from './hostile-values';
import { dateTime, type IdPools } from './schema-values';

/** A field of a request message, as @grpc/proto-loader describes it. */
interface ProtoField {
  name: string;
  type: string;
  label: string;
  /** For TYPE_MESSAGE: the message's name within the service's package. */
  typeName: string;
}

interface MessageType {
  type: { field: ProtoField[] };
}

/** One RPC of one service, as its proto declares it. */
export interface RpcMethod {
  service: ProtoService;
  /** `booking.HoldSeats`, for messages. */
  label: string;
  definition: grpc.MethodDefinition<unknown, unknown>;
  fields: ProtoField[];
  /** The request's message types by name, for nested messages. */
  messages: Record<string, MessageType>;
}

/** Every RPC of every service in proto/, so that a new one is fuzzed without anyone listing it. */
export function rpcMethods(): RpcMethod[] {
  return (Object.keys(SERVICE_NAMES) as ProtoService[]).flatMap((service) => {
    const path = SERVICE_NAMES[service].split('.');
    const serviceName = path.pop()!;
    const packageObject = path.reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, loadProto(service));
    const { service: definition } = packageObject[serviceName] as { service: grpc.ServiceDefinition };
    return Object.entries(definition).map(([name, method]) => ({
      service,
      label: `${service}.${name}`,
      // A counterexample names the method, not its whole definition.
      [fc.toStringMethod]: () => `${service}.${name}`,
      definition: method,
      fields: (method as unknown as { requestType: MessageType }).requestType.type.field,
      messages: packageObject as Record<string, MessageType>,
    }));
  });
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** Values of the wrong type, which protobuf.js converts (or refuses to serialize) on the client. */
const WRONG_TYPES = ['12', 'abc', '', 1.5, -0, 2 ** 40, Number.NaN, Number.POSITIVE_INFINITY, true, null, '1e400', {}];

/** Texts that mean something for a field of this name, so that calls get past the first check. */
function plausibleText(name: string, ids: IdPools): fc.Arbitrary<string> {
  if (name === 'id' || name.endsWith('_id') || name.endsWith('_ids')) return fc.oneof(fc.constantFrom(...ids.idsFor(name)), fc.uuid());
  if (name === 'email') return fc.emailAddress();
  if (name === 'starts_at' || name === 'from' || name === 'to') return dateTime;
  const words: Record<string, string[]> = {
    role: ['customer', 'organizer', 'admin', 'service'],
    status: ['available', 'cancelled', 'completed', 'PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED', 'COMPLETED', 'FAILED'],
    sort: ['created_at', '-created_at', 'total_cents', '-total_cents'],
    payment_method: ['credit_card', 'bank_transfer', 'e_wallet'],
    payment_token: ['tok_visa', 'tok_decline', 'tok_timeout'],
    currency: ['IDR', 'USD', 'EUR', 'XXX'],
    service: ['notifier', 'payment', 'gateway', 'booking'],
    section: ['VIP', 'GA', 'Balcony'],
    client_address: ['203.0.113.9', '::1', '2001:db8::1', '999.1.1.1'],
  };
  return words[name] ? fc.constantFrom(...words[name]) : fc.string({ maxLength: 30 });
}

function scalarValue(field: ProtoField, ids: IdPools): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'TYPE_STRING':
      return fc.oneof({ weight: 3, arbitrary: plausibleText(field.name, ids) }, { weight: 2, arbitrary: hostileString });
    case 'TYPE_INT32':
      return fc.oneof(fc.integer(INT32), fc.constantFrom(0, 1, -1, 10, 11, 100, 101, 10_000, 10_001, INT32.max, INT32.min));
    case 'TYPE_INT64':
      return fc.oneof(
        fc.integer(INT32),
        fc.constantFrom(0, -1, 100_000_000_000, 100_000_000_001, 2 ** 53 + 2, '9223372036854775807', '-9223372036854775808'),
      );
    case 'TYPE_BOOL':
      return fc.boolean();
    default:
      return fc.constant(undefined);
  }
}

function fieldValue(field: ProtoField, method: RpcMethod, ids: IdPools, depth: number): fc.Arbitrary<unknown> {
  const one =
    field.type === 'TYPE_MESSAGE'
      ? depth < 2
        ? messageValue(method.messages[field.typeName]?.type.field ?? [], method, ids, depth + 1)
        : fc.constant({})
      : fc.oneof({ weight: 8, arbitrary: scalarValue(field, ids) }, { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES) });
  if (field.label !== 'LABEL_REPEATED') return one;
  // 300 short items: past gRPC's 4 MB a message is refused by grpc-js itself, before any service code.
  const short = one.filter((value) => JSON.stringify(value ?? null).length <= 1_000);
  return fc.oneof(
    fc.array(one, { maxLength: 12 }),
    short.map((value) => Array.from({ length: 300 }, () => value)),
  );
}

function messageValue(fields: ProtoField[], method: RpcMethod, ids: IdPools, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const members = fields.map((field) =>
    fc.option(fieldValue(field, method, ids, depth), { nil: undefined, freq: 4 }).map((value) => [field.name, value] as const),
  );
  return fc.tuple(...members).map((entries) => Object.fromEntries(entries.filter(([, value]) => value !== undefined)));
}

/** Request messages for one RPC: plausible values, hostile texts, out-of-range and wrong-typed numbers. */
export const rpcRequest = (method: RpcMethod, ids: IdPools): fc.Arbitrary<Record<string, unknown>> => messageValue(method.fields, method, ids, 0);
