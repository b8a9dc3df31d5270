import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { brokerDefinitions, type BrokerAccount } from '../messaging/broker-definitions';
import { BROKER_SERVICES, type BrokerLayout, type BrokerService } from '../messaging/broker-permissions';
import { brokerLoginOf } from '../messaging/broker-url';
import { PUBLISHING_SERVICES, type PublisherUsers } from '../messaging/event-publishers';
import { testAmqpUrl } from './test-broker';

const run = promisify(execFile);

/** `rabbitmqctl` of the test broker's machine: TEST_RABBITMQCTL, or the one on PATH. */
export const testRabbitmqctl = (): string => process.env.TEST_RABBITMQCTL ?? 'rabbitmqctl';

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
 * `rabbitmqctl` for that broker on this machine (as root or the rabbitmq user).
 */
export async function createTestBrokerUsers(layout: BrokerLayout, url: string = testAmqpUrl()): Promise<TestBrokerUsers> {
  const id = randomBytes(6).toString('hex');
  const vhost = `ticres-test-${id}`;
  const accounts = Object.fromEntries(
    BROKER_SERVICES.map((service) => [service, { user: `${vhost}-${service}`, password: randomBytes(12).toString('hex') }]),
  ) as Record<BrokerService, BrokerAccount>;
  const admin = brokerLoginOf(url);
  const definitions = brokerDefinitions({ ...layout, vhost, accounts, administrator: { user: admin.user } });

  // Another suite may be restarting the broker's app (broker-restart.test.ts): wait for it to be up.
  await run(testRabbitmqctl(), ['-q', 'await_startup', '--timeout', '60'], { timeout: 70_000 });
  const importing = run(testRabbitmqctl(), ['import_definitions'], { timeout: 60_000 });
  importing.child.stdin?.end(JSON.stringify(definitions));
  const deleteAll = async () => {
    await Promise.allSettled([
      run(testRabbitmqctl(), ['-q', 'delete_vhost', vhost], { timeout: 60_000 }),
      ...BROKER_SERVICES.map((service) => run(testRabbitmqctl(), ['-q', 'delete_user', accounts[service].user], { timeout: 60_000 })),
    ]);
  };
  try {
    await importing;
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
