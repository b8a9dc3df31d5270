import { randomBytes } from 'node:crypto';
import { brokerDefinitions, type BrokerAccount } from '../messaging/broker-definitions';
import { BROKER_SERVICES, type BrokerLayout, type BrokerService } from '../messaging/broker-permissions';
import { brokerLoginOf } from '../messaging/broker-url';
import { PUBLISHING_SERVICES, type PublisherUsers } from '../messaging/event-publishers';
import { runCommand } from './private-server';
import { testAmqpUrl } from './test-broker';

/** Runs `rabbitmqctl <args>` against one broker node, with `input` on its standard input. */
export type RabbitmqCtl = (args: string[], input?: string) => Promise<void>;

/** `rabbitmqctl` of the test broker's machine: TEST_RABBITMQCTL, or the one on PATH. */
export const testRabbitmqCtl: RabbitmqCtl = async (args, input) => {
  await runCommand(process.env.TEST_RABBITMQCTL ?? 'rabbitmqctl', args, { timeoutMs: 70_000, input });
};

/** Every publishing service as the test broker's user: for tests whose whole stack is that user. */
export function testPublisherUsers(url: string = testAmqpUrl()): PublisherUsers {
  const { user } = brokerLoginOf(url);
  return Object.fromEntries(PUBLISHING_SERVICES.map((service) => [service, user])) as unknown as PublisherUsers;
}

export interface TestBrokerUsers {
  /** `ticres-test-<random>`: a vhost of this run's own. */
  vhost: string;
  /** The URL a service connects with: its own user, in the run's vhost. */
  urlOf(service: BrokerService): string;
  /** Each publishing service's user, for consumers' AMQP_PUBLISHER_USERS. */
  publishers: PublisherUsers;
  /** The broker's own user (of TEST_AMQP_URL), with every right on the vhost: to look and tidy. */
  adminUrl: string;
  /** Deletes the vhost (with every queue and exchange in it) and the users. */
  delete(): Promise<void>;
}

/**
 * A vhost and one user per service with exactly the rights a deployment gives them
 * (`brokerDefinitions`), with random names and passwords so concurrent runs never meet, on the
 * broker of `url` (TEST_AMQP_URL by default; its user becomes the vhost's administrator). Needs
 * `rabbitmqctl` for that broker on this machine (as root or the rabbitmq user); a private node
 * passes its own (`startPrivateRabbitMq().ctl`).
 */
export async function createTestBrokerUsers(
  layout: BrokerLayout,
  url: string = testAmqpUrl(),
  rabbitmqctl: RabbitmqCtl = testRabbitmqCtl,
): Promise<TestBrokerUsers> {
  const id = randomBytes(6).toString('hex');
  const vhost = `ticres-test-${id}`;
  const accounts = Object.fromEntries(
    BROKER_SERVICES.map((service) => [service, { user: `${vhost}-${service}`, password: randomBytes(12).toString('hex') }]),
  ) as Record<BrokerService, BrokerAccount>;
  const admin = brokerLoginOf(url);
  const definitions = brokerDefinitions({ ...layout, vhost, accounts, administrator: { user: admin.user } });

  // Another suite may be restarting the broker's app (broker-restart.test.ts): wait for it to be up.
  await rabbitmqctl(['-q', 'await_startup', '--timeout', '60']);
  const deleteAll = async () => {
    await Promise.allSettled([
      rabbitmqctl(['-q', 'delete_vhost', vhost]),
      ...BROKER_SERVICES.map((service) => rabbitmqctl(['-q', 'delete_user', accounts[service].user])),
    ]);
  };
  try {
    await rabbitmqctl(['import_definitions'], JSON.stringify(definitions));
  } catch (error) {
    await deleteAll();
    throw error;
  }

  const urlAs = (user: string, password: string) => {
    const login = new URL(url);
    login.username = encodeURIComponent(user);
    login.password = encodeURIComponent(password);
    login.pathname = `/${encodeURIComponent(vhost)}`;
    return login.toString();
  };
  return {
    vhost,
    urlOf: (service) => urlAs(accounts[service].user, accounts[service].password),
    publishers: { catalog: accounts.catalog.user, booking: accounts.booking.user, payment: accounts.payment.user },
    adminUrl: urlAs(admin.user, admin.password),
    delete: deleteAll,
  };
}
