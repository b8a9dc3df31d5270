/**
 * Prints the broker definitions (users, vhost, permissions, topic permissions) of a TicRes
 * deployment as JSON, for `rabbitmqctl import_definitions` (scripts/start.sh) or RabbitMQ's
 * `load_definitions` at boot (docker-compose.yml). Each service's user, password and vhost come
 * from its own AMQP URL, so the definitions and the services cannot disagree.
 *
 *   CATALOG_AMQP_URL=... BOOKING_AMQP_URL=... PAYMENT_AMQP_URL=... NOTIFIER_AMQP_URL=... \
 *     node packages/shared/dist/messaging/broker-definitions-main.js > definitions.json
 */
import { z } from 'zod';
import { env, exitOnConfigError, loadConfig } from '../config';
import { brokerDefinitions, type BrokerAccount } from './broker-definitions';
import { BROKER_SERVICES, type BrokerService } from './broker-permissions';
import { brokerLoginOf } from './broker-url';

const config = exitOnConfigError(() =>
  loadConfig({
    CATALOG_AMQP_URL: env.url(),
    BOOKING_AMQP_URL: env.url(),
    PAYMENT_AMQP_URL: env.url(),
    NOTIFIER_AMQP_URL: env.url(),
    AMQP_EXCHANGE: z.string().min(1).default('ticres.events'),
    BOOKING_AMQP_QUEUE: z.string().min(1).default('booking'),
    PAYMENT_AMQP_QUEUE: z.string().min(1).default('payment'),
    NOTIFIER_AMQP_QUEUE: z.string().min(1).default('notifier'),
    /** Optional: an administrator of the vhost, for the management UI. */
    RABBITMQ_ADMIN_USER: z.string().min(1).optional(),
    RABBITMQ_ADMIN_PASSWORD: z.string().min(1).optional(),
  }),
);

const urls: Record<BrokerService, string> = {
  catalog: config.CATALOG_AMQP_URL,
  booking: config.BOOKING_AMQP_URL,
  payment: config.PAYMENT_AMQP_URL,
  notifier: config.NOTIFIER_AMQP_URL,
};
const logins = BROKER_SERVICES.map((service) => ({ service, ...brokerLoginOf(urls[service]) }));
/** What makes the URLs unusable together, or undefined. */
function problemWith(found: typeof logins): string | undefined {
  const vhosts = new Set(found.map((login) => login.vhost));
  if (vhosts.size > 1) return `the services' AMQP URLs name different vhosts (${[...vhosts].join(', ')})`;
  if (new Set(found.map((login) => login.user)).size < found.length) return "two services' AMQP URLs name the same user";
  const guest = found.find((login) => login.user === 'guest');
  if (guest) return `${guest.service} connects as guest: give each service a user of its own`;
  return undefined;
}
const problem = problemWith(logins);
if (problem) {
  process.stderr.write(`broker definitions: ${problem}\n`);
  process.exit(1);
}

const accounts = Object.fromEntries(logins.map(({ service, user, password }) => [service, { user, password } satisfies BrokerAccount])) as Record<
  BrokerService,
  BrokerAccount
>;
const administrator =
  config.RABBITMQ_ADMIN_USER && config.RABBITMQ_ADMIN_PASSWORD
    ? { user: config.RABBITMQ_ADMIN_USER, password: config.RABBITMQ_ADMIN_PASSWORD }
    : undefined;

process.stdout.write(
  `${JSON.stringify(
    brokerDefinitions({
      vhost: logins[0]!.vhost,
      exchange: config.AMQP_EXCHANGE,
      queues: { booking: config.BOOKING_AMQP_QUEUE, payment: config.PAYMENT_AMQP_QUEUE, notifier: config.NOTIFIER_AMQP_QUEUE },
      accounts,
      administrator,
    }),
    null,
    2,
  )}\n`,
);
