import { connect, type ConfirmChannel, type GetMessage } from 'amqplib';
import { brokerLoginOf } from './broker-url';
import { describeDeadLetter, type DeadLetter } from './dead-letter-check';
import type { PublisherUsers } from './event-publishers';
import { copyProperties } from './message-copy';
import { RETRIES_HEADER } from './retry-later';
import { parkingQueueOf } from './topology';

/** Header of a replayed copy: when it was replayed, for the consumer's logs and the next look. */
export const REPLAYED_AT_HEADER = 'ticres-replayed-at';

export interface DeadLetterQueue {
  /** The consuming service's broker URL: its own user, which may read its parking queue. */
  url: string;
  /** The service's queue (`AMQP_QUEUE`); its parked messages are in `<queue>.dead`. */
  queue: string;
  /** `AMQP_PUBLISHER_USERS`: who may have sent each type. */
  publishers: PublisherUsers;
}

export interface ReplayOutcome {
  replayed: string[];
  refused: Array<{ id: string; refusal: string }>;
  /** Asked-for ids that are not parked (never were, or already replayed). */
  notFound: string[];
}

/** What `work` is given: the parked messages, the channel, and how to remove one for good. */
interface ParkedMessages {
  channel: ConfirmChannel;
  parked: GetMessage[];
  /** Acks `message`: it leaves the parking queue. */
  remove: (message: GetMessage) => void;
}

/**
 * Holds every message of the parking queue unacked on one confirm channel, hands them to `work`,
 * and returns the ones `work` did not remove to the queue (nack with requeue, then close).
 * A message parked while this runs may be seen or not. Reading returns each message once: on
 * RabbitMQ 3.x that changes nothing else; on 4.0-4.2, whose quorum queues count returns towards a
 * default delivery limit of 20, set a policy `delivery-limit: -1` on the parking queues.
 */
async function withParkedMessages<T>(target: DeadLetterQueue, work: (messages: ParkedMessages) => Promise<T>): Promise<T> {
  const connection = await connect(target.url);
  try {
    const channel = await connection.createConfirmChannel();
    const parkingQueue = parkingQueueOf(target.queue);
    const { messageCount } = await channel.checkQueue(parkingQueue);
    const parked: GetMessage[] = [];
    while (parked.length < messageCount) {
      const message = await channel.get(parkingQueue, { noAck: false });
      if (message === false) break;
      parked.push(message);
    }
    const acked = new Set<GetMessage>();
    const remove = (message: GetMessage) => {
      channel.ack(message);
      acked.add(message);
    };
    try {
      return await work({ channel, parked, remove });
    } finally {
      for (const message of parked) if (!acked.has(message)) channel.nack(message, false, true);
      await channel.close();
    }
  } finally {
    await connection.close();
  }
}

/** The messages parked in `<queue>.dead`, oldest first, each with whether it may be replayed; leaves them parked. */
export function listDeadLetters(target: DeadLetterQueue): Promise<DeadLetter[]> {
  const { user } = brokerLoginOf(target.url);
  return withParkedMessages(target, async ({ parked }) => parked.map((message) => describeDeadLetter(message, target.publishers, user)));
}

/**
 * Replays the parked messages with these ids (every replayable one when `ids` is 'all'): publishes
 * each again straight to `<queue>` (the default exchange, so no other service's queue sees it),
 * as the consumer's own user and marked as its own retry copy with a fresh count of retries, which
 * the consumer accepts as such; then, once the broker confirmed the copies, removes the originals.
 * Messages `describeDeadLetter` refuses stay parked. The consumer's inbox still applies a message
 * at most once, as long as its INBOX_RETENTION_HOURS has not passed since a copy was applied.
 */
export function replayDeadLetters(target: DeadLetterQueue, ids: readonly string[] | 'all'): Promise<ReplayOutcome> {
  const { user } = brokerLoginOf(target.url);
  return withParkedMessages(target, async ({ channel, parked, remove }) => {
    const outcome: ReplayOutcome = { replayed: [], refused: [], notFound: [] };
    const wanted = (letter: DeadLetter) => ids === 'all' || (letter.id !== null && ids.includes(letter.id));
    const chosen: GetMessage[] = [];
    for (const message of parked) {
      const letter = describeDeadLetter(message, target.publishers, user);
      if (!wanted(letter) || letter.id === null) continue;
      if (letter.refusal !== null) {
        outcome.refused.push({ id: letter.id, refusal: letter.refusal });
        continue;
      }
      chosen.push(message);
      // One copy per id, even if the same message was parked twice.
      if (outcome.replayed.includes(letter.id)) continue;
      const headers = { [RETRIES_HEADER]: 0, [REPLAYED_AT_HEADER]: new Date().toISOString() };
      channel.publish('', target.queue, message.content, { ...copyProperties(message, headers), userId: user });
      outcome.replayed.push(letter.id);
    }
    await channel.waitForConfirms();
    for (const message of chosen) remove(message);
    if (ids !== 'all') {
      const seen = new Set([...outcome.replayed, ...outcome.refused.map((refused) => refused.id)]);
      outcome.notFound = ids.filter((id) => !seen.has(id));
    }
    return outcome;
  });
}
