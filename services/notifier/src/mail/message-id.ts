/** The domain of the address in a From header (`TicRes <tickets@ticres.example.com>`). */
function domainOf(from: string): string | undefined {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim())?.[1]?.toLowerCase();
}

/**
 * The `Message-ID` of the one mail a notification produces, the same on every attempt: built from
 * the notification's id (the id of the message that caused it) and the sender's domain (RFC 5322:
 * unique, and on the right a domain the sender controls). A receiving server or mail client that
 * drops duplicate Message-IDs shows a mail sent twice (see docs/reliability/delivery.md) once.
 */
export function notificationMessageId(notificationId: string, from: string): string {
  return `<${notificationId}@${domainOf(from) ?? 'notifier.ticres.invalid'}>`;
}
