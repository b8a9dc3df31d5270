/**
 * The notifications whose mail the SMTP server accepted in this process, the most recent
 * `capacity` of them. If the transaction recording a sent mail is lost after the server's
 * acceptance (the database connection dropped), the message comes back; finding its id here, the
 * notifier records the mail without sending it again. A process that died forgets, so a
 * redelivery to another process sends again (with the same Message-ID).
 */
export interface AcceptedMails {
  add(notificationId: string): void;
  has(notificationId: string): boolean;
}

export function createAcceptedMails(capacity = 10_000): AcceptedMails {
  // Insertion-ordered: the first key is the oldest, dropped when the memory is full.
  const accepted = new Set<string>();
  return {
    add(notificationId) {
      accepted.add(notificationId);
      if (accepted.size > capacity) accepted.delete(accepted.values().next().value!);
    },
    has: (notificationId) => accepted.has(notificationId),
  };
}
