import type { Message } from 'amqplib';
import { newId } from '../ids';
import { describeDeadLetter } from './dead-letter-check';

const publishers = { catalog: 'u-catalog', booking: 'u-booking', payment: 'u-payment' };
const OWN_USER = 'u-notifier';

function parked(sentBy: string | undefined, headers: Record<string, unknown> = {}, content?: Buffer): Message & { id: string } {
  const id = newId();
  const envelope = { id, type: 'booking.paid', version: 1, occurred_at: '2030-01-01T00:00:00Z', aggregate_id: newId(), data: {} };
  return {
    id,
    content: content ?? Buffer.from(JSON.stringify(envelope)),
    fields: {} as Message['fields'],
    properties: { userId: sentBy, messageId: id, headers } as unknown as Message['properties'],
  };
}

describe('describeDeadLetter', () => {
  it("shows a parked message and lets it be replayed when its type's publisher sent it", () => {
    const message = parked('u-payment', { 'x-first-death-reason': 'rejected', 'x-death': [{ time: 1_900_000_000, reason: 'rejected' }] });
    expect(describeDeadLetter(message, publishers, OWN_USER)).toEqual({
      id: message.id,
      type: 'booking.paid',
      sentBy: 'u-payment',
      reason: 'rejected',
      parkedAt: new Date(1_900_000_000_000).toISOString(),
      refusal: null,
    });
  });

  it("refuses to replay a message another user sent: the replay would come back as the consumer's own", () => {
    expect(describeDeadLetter(parked('u-booking'), publishers, OWN_USER).refusal).toMatch(/sent by u-booking, not by u-payment/);
    expect(describeDeadLetter(parked(undefined), publishers, OWN_USER).refusal).toMatch(/sent by nobody named/);
    // The consumer's own user, without being one of its retry copies: not one it scheduled.
    expect(describeDeadLetter(parked(OWN_USER), publishers, OWN_USER).refusal).toMatch(/not by u-payment/);
  });

  it("lets one of the consumer's own retry copies be replayed", () => {
    expect(describeDeadLetter(parked(OWN_USER, { 'ticres-retries': 5 }), publishers, OWN_USER).refusal).toBeNull();
  });

  it('refuses a body this build cannot read, naming it by its message id', () => {
    const message = parked('u-payment', {}, Buffer.from('not json'));
    expect(describeDeadLetter(message, publishers, OWN_USER)).toMatchObject({ id: message.id, type: null, refusal: expect.stringMatching(/not JSON/) });
  });
});
