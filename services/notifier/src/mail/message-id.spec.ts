import { notificationMessageId } from './message-id';

describe('notificationMessageId', () => {
  const id = '01939a7e-1c2b-7d3e-8f40-5a6b7c8d9e0f';

  it('is the notification id at the sender’s domain, the same every time', () => {
    expect(notificationMessageId(id, 'TicRes <tickets@ticres.example.com>')).toBe(`<${id}@ticres.example.com>`);
    expect(notificationMessageId(id, 'TicRes <tickets@ticres.example.com>')).toBe(notificationMessageId(id, 'TicRes <tickets@ticres.example.com>'));
    expect(notificationMessageId(id, 'tickets@Mail.Example.org')).toBe(`<${id}@mail.example.org>`);
  });

  it('falls back to a reserved domain when the sender has none', () => {
    expect(notificationMessageId(id, 'TicRes')).toBe(`<${id}@notifier.ticres.invalid>`);
  });
});
