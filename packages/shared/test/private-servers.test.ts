import { existsSync } from 'node:fs';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { isDatabaseUnavailable } from '../src';
import { portOpen } from '../src/testing/private-server';
import { startPrivatePostgres, startPrivateRabbitMq, type PrivatePostgres, type PrivateRabbitMq } from '../src/testing';

/** The error a promise rejected with; fails the test when it resolved. */
const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('a private PostgreSQL cluster', () => {
  let postgres: PrivatePostgres | undefined;

  afterAll(async () => {
    await postgres?.destroy();
  });

  it('serves, loses its sessions on a restart, keeps its data, and is gone after destroy', async () => {
    postgres = await startPrivatePostgres();
    const before = new Client({ connectionString: postgres.adminUrl });
    await before.connect();
    before.on('error', () => undefined); // the restart ends the session: expected
    await before.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');

    await postgres.restart({ downMs: 200 });
    const lost = await rejectionOf(before.query('SELECT 1'));
    expect(isDatabaseUnavailable(lost)).toBe(true);
    await before.end().catch(() => undefined);

    const after = new Client({ connectionString: postgres.adminUrl });
    await after.connect();
    expect((await after.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    await after.end();

    const { port } = postgres;
    const files = await dataDirectoryOf(postgres);
    await postgres.destroy();
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(files)).toBe(false);
  }, 120_000);
});

/** The cluster's data directory, as the server reports it. */
async function dataDirectoryOf(postgres: PrivatePostgres): Promise<string> {
  const client = new Client({ connectionString: postgres.adminUrl });
  await client.connect();
  try {
    return (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  } finally {
    await client.end();
  }
}

describe('a private RabbitMQ node', () => {
  let rabbit: PrivateRabbitMq | undefined;

  afterAll(async () => {
    await rabbit?.destroy();
  });

  it('serves AMQP, closes connections on a restart, serves again, and is gone after destroy', async () => {
    rabbit = await startPrivateRabbitMq();
    const first = await connect(rabbit.url);
    const closed = new Promise((resolve) => first.once('close', resolve));
    first.on('error', () => undefined);
    await rabbit.restart();
    await closed;

    const second = await connect(rabbit.url);
    const channel = await second.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    channel.sendToQueue(queue, Buffer.from('after the restart'));
    await expect(channel.checkQueue(queue)).resolves.toMatchObject({ queue });
    await second.close();

    const { port } = rabbit;
    await rabbit.destroy();
    expect(await portOpen(port)).toBe(false);
  }, 180_000);
});
