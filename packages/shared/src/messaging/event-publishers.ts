import type { EventType } from './events';

/** The services that publish events, each connecting to the broker as a user of its own. */
export const PUBLISHING_SERVICES = ['catalog', 'booking', 'payment'] as const;
export type PublishingService = (typeof PUBLISHING_SERVICES)[number];

/**
 * The one service allowed to publish each event type: the owner of the state change it announces.
 * The broker's topic permissions (`brokerPermissionsOf`) let only that service's user publish the
 * routing key, and every consumer parks a message whose validated `user_id` is not that user, so a
 * `booking.paid` counts only when payment sent it.
 */
export const EVENT_PUBLISHERS: { readonly [T in EventType]: PublishingService } = {
  'event.created': 'catalog',
  'event.updated': 'catalog',
  'event.cancelled': 'catalog',
  'booking.created': 'booking',
  'booking.expired': 'booking',
  'booking.cancelled': 'booking',
  'booking.confirmed': 'booking',
  'booking.payment_rejected': 'booking',
  'booking.paid': 'payment',
  'payment.failed': 'payment',
  'booking.refunded': 'payment',
};

/** The event types `service` publishes (its routing keys). */
export const eventTypesPublishedBy = (service: PublishingService): EventType[] =>
  (Object.keys(EVENT_PUBLISHERS) as EventType[]).filter((type) => EVENT_PUBLISHERS[type] === service);

/** The broker user each publishing service connects as, which consumers expect in `user_id`. */
export type PublisherUsers = Readonly<Record<PublishingService, string>>;

/** The broker user the local run, compose and the service defaults give a service. */
export const defaultBrokerUser = (service: string): string => `ticres-${service}`;

/** `catalog=ticres-catalog,booking=ticres-booking,payment=ticres-payment`: the default setting. */
export const DEFAULT_PUBLISHER_USERS = formatPublisherUsers({
  catalog: defaultBrokerUser('catalog'),
  booking: defaultBrokerUser('booking'),
  payment: defaultBrokerUser('payment'),
});

export function formatPublisherUsers(users: PublisherUsers): string {
  return PUBLISHING_SERVICES.map((service) => `${service}=${users[service]}`).join(',');
}

/**
 * Reads `service=user,...` naming every publishing service exactly once; returns the problem as a
 * string instead of throwing, for the config schema to report.
 */
export function parsePublisherUsers(text: string): PublisherUsers | string {
  const users: Partial<Record<PublishingService, string>> = {};
  for (const pair of text.split(',')) {
    const [service = '', user = '', ...rest] = pair.split('=').map((part) => part.trim());
    if (!(PUBLISHING_SERVICES as readonly string[]).includes(service)) return `unknown service "${service}"`;
    if (user === '' || rest.length > 0) return `expected ${service}=<broker user>`;
    if (users[service as PublishingService]) return `${service} is named twice`;
    users[service as PublishingService] = user;
  }
  const missing = PUBLISHING_SERVICES.filter((service) => !users[service]);
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  return users as PublisherUsers;
}
