import { createAcceptedMails } from './accepted-mails';

describe('accepted mails', () => {
  it('remembers the most recent ones up to its capacity, forgetting the oldest first', () => {
    const accepted = createAcceptedMails(2);
    accepted.add('a');
    accepted.add('b');
    expect([accepted.has('a'), accepted.has('b'), accepted.has('c')]).toEqual([true, true, false]);
    accepted.add('c');
    expect([accepted.has('a'), accepted.has('b'), accepted.has('c')]).toEqual([false, true, true]);
  });
});
