import { createHash, randomBytes } from 'node:crypto';
import { BROKER_SERVICES, brokerPermissionsOf, type BrokerLayout, type BrokerService } from './broker-permissions';
import { deadLetterExchangeOf } from './topology';

export interface BrokerAccount {
  user: string;
  password: string;
}

export interface BrokerDefinitionsOptions extends BrokerLayout {
  vhost: string;
  /** The user and password of each service. */
  accounts: Readonly<Record<BrokerService, BrokerAccount>>;
  /**
   * An administrator with every right on the vhost (the management UI, an operator). Without a
   * password, only the rights are granted: the user must exist already and keeps its password.
   */
  administrator?: { user: string; password?: string };
}

/** The part of RabbitMQ's definitions format that `rabbitmqctl import_definitions` and `load_definitions` read. */
export interface BrokerDefinitions {
  users: { name: string; password_hash: string; hashing_algorithm: string; tags: string[] }[];
  vhosts: { name: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  topic_permissions: { user: string; vhost: string; exchange: string; write: string; read: string }[];
}

/**
 * RabbitMQ's default password hash (`rabbit_password_hashing_sha256`): a random 4-byte salt, then
 * SHA-256 of salt + password, base64. Only the hash travels in a definitions file.
 */
export function rabbitPasswordHash(password: string, salt: Buffer = randomBytes(4)): string {
  const digest = createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password, 'utf8')]))
    .digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

const userEntry = (name: string, password: string, tags: string[] = []) => ({
  name,
  password_hash: rabbitPasswordHash(password),
  hashing_algorithm: 'rabbit_password_hashing_sha256',
  tags,
});

/**
 * The users, vhost and permissions of a TicRes broker: one user per service with the rights of
 * `brokerPermissionsOf`. Importing it again is harmless (users are updated in place) and touches no
 * user it does not name.
 */
export function brokerDefinitions(options: BrokerDefinitionsOptions): BrokerDefinitions {
  const { vhost, exchange, accounts, administrator } = options;
  const definitions: BrokerDefinitions = { users: [], vhosts: [{ name: vhost }], permissions: [], topic_permissions: [] };
  for (const service of BROKER_SERVICES) {
    const { user, password } = accounts[service];
    const { configure, write, read, topicWrite, deadLetterTopicWrite } = brokerPermissionsOf(service, options);
    definitions.users.push(userEntry(user, password));
    definitions.permissions.push({ user, vhost, configure, write, read });
    definitions.topic_permissions.push(
      { user, vhost, exchange, write: topicWrite, read: '.*' },
      { user, vhost, exchange: deadLetterExchangeOf(exchange), write: deadLetterTopicWrite, read: '.*' },
    );
  }
  if (administrator) {
    if (administrator.password !== undefined) {
      definitions.users.push(userEntry(administrator.user, administrator.password, ['administrator']));
    }
    definitions.permissions.push({ user: administrator.user, vhost, configure: '.*', write: '.*', read: '.*' });
  }
  return definitions;
}
