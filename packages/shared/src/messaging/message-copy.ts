import type { Message, Options } from 'amqplib';
import { REQUEST_ID_HEADER } from '../request-id';

/** What the broker added to a delivery (deaths, delivery counts): `x-` headers, but for our own request id. */
const isBrokerHeader = (name: string) => name.startsWith('x-') && name !== REQUEST_ID_HEADER;

/**
 * The properties to publish `message` again with, as its producer sent it (its request id and
 * trace context included), minus what the broker added (`isBrokerHeader`), plus `headers`.
 * Persistent. `user_id` is left out: the broker stamps the publishing connection's own (see
 * `createBroker`).
 */
export function copyProperties(message: Message, headers: Record<string, unknown>): Options.Publish {
  // amqplib types every received property `any`; these are the publish options' own types.
  const properties: Options.Publish = message.properties;
  const { contentType, contentEncoding, correlationId, messageId, timestamp, type, appId } = properties;
  const kept = Object.fromEntries(Object.entries(message.properties.headers ?? {}).filter(([key]) => !isBrokerHeader(key)));
  return {
    persistent: true,
    headers: { ...kept, ...headers },
    ...(contentType ? { contentType } : {}),
    ...(contentEncoding ? { contentEncoding } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(messageId ? { messageId } : {}),
    ...(timestamp ? { timestamp } : {}),
    ...(type ? { type } : {}),
    ...(appId ? { appId } : {}),
  };
}
