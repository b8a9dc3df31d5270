import { connect } from 'amqplib';
import { createBroker } from '../src';
import { deleteTestTopology, testAmqpUrl, testBrokerNames } from '../src/testing';
import { lockBroker } from './support/broker-lock';
import { testLogger } from './support/logger';

describe('createBroker', () => {
  const url = testAmqpUrl();
  const logger = testLogger();
  let unlockBroker: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    unlockBroker = await lockBroker('shared');
  });

  afterAll(async () => {
    await unlockBroker?.();
  });

  it('declares the durable topic exchange and its dead-letter exchange once ready', async () => {
    const { exchange } = testBrokerNames();
    const broker = createBroker({ url, exchange, logger });
    try {
      await broker.ready();
      expect(broker.isConnected()).toBe(true);
      const connection = await connect(url);
      try {
        const channel = await connection.createChannel();
        // Passive checks, then re-declarations that would be a 406 with other settings.
        await channel.checkExchange(exchange);
        await channel.checkExchange(`${exchange}.dlx`);
        await channel.assertExchange(exchange, 'topic', { durable: true });
        await channel.assertExchange(`${exchange}.dlx`, 'topic', { durable: true });
      } finally {
        await connection.close();
      }
    } finally {
      await broker.close();
      await deleteTestTopology(url, { exchange, queues: [] });
    }
  });

  it('rejects ready() after its timeout and refuses to publish while the broker is unreachable', async () => {
    const broker = createBroker({ url: 'amqp://guest:guest@127.0.0.1:1', exchange: 'unused', logger });
    try {
      await expect(broker.ready(300)).rejects.toThrow(/not ready after 300 ms/);
      expect(broker.isConnected()).toBe(false);
      await expect(broker.publish([{ routingKey: 'x', body: Buffer.from('{}'), options: {} }])).rejects.toThrow(/not connected/);
    } finally {
      await broker.close();
    }
  });
});
