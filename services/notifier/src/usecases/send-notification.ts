import type { Logger } from '@ticres/shared';
import type { ContactDirectory } from '../contacts/contact-directory';
import type { SentNotificationRepository } from '../db/sent-notification.repository';
import type { Email, NotificationType, RenderContext } from '../domain/notification';
import { createAcceptedMails, type AcceptedMails } from '../mail/accepted-mails';
import { MailDeliveryError, type Mailer } from '../mail/smtp-mailer';

export interface SendNotificationPorts {
  contacts: ContactDirectory;
  mailer: Mailer;
  timeZone: string;
  logger: Logger;
  now?: () => Date;
  /** Mails the SMTP server accepted in this process (default: a memory of the last 10,000). */
  accepted?: AcceptedMails;
}

export interface NotificationRequest {
  /** The message that caused the mail: the dedupe key. */
  messageId: string;
  userId: string;
  type: NotificationType;
  render: (context: RenderContext) => Email;
}

export type SendOutcome = 'sent' | 'already_sent' | 'no_recipient';

/** The store of the consumer's transaction. */
export interface SendStore {
  sentNotifications: Pick<SentNotificationRepository, 'record'>;
}

export type SendNotification = (store: SendStore, request: NotificationRequest) => Promise<SendOutcome>;

/**
 * Sends one mail per message, inside the consumer's transaction: everything else (address, row
 * of sent_notifications) is done first and the mail sent last, so only the COMMIT follows the
 * server's acceptance. A failed send rolls the row (and the inbox row) back and the message is
 * retried, while a send that succeeded commits them and a redelivery finds them.
 *
 * If that COMMIT is lost (the database connection dropped), the redelivered message finds the
 * mail in this process's memory of accepted mails and records it without sending it again. Only
 * a process that dies between acceptance and COMMIT (or a redelivery to another replica) sends
 * the mail twice, with the same Message-ID (derived from the message id), so a receiving server
 * that drops duplicates shows it once.
 */
export function createSendNotification({
  contacts,
  mailer,
  timeZone,
  logger,
  now = () => new Date(),
  accepted = createAcceptedMails(),
}: SendNotificationPorts): SendNotification {
  return async (store, { messageId, userId, type, render }) => {
    const contact = await contacts.find(userId);
    if (!contact) {
      // Nobody to write to, and no retry can change that.
      logger.warn({ message_id: messageId, user_id: userId, type }, 'no such user in auth; notification skipped');
      return 'no_recipient';
    }
    const email = render({ recipientName: contact.name, timeZone });
    const recorded = await store.sentNotifications.record({ messageId, userId, type, to: contact.email, subject: email.subject, sentAt: now() });
    if (!recorded) return 'already_sent';
    if (accepted.has(messageId)) {
      logger.info({ message_id: messageId, type, to: contact.email }, 'mail accepted before its record was lost; recorded, not sent again');
      return 'sent';
    }

    try {
      await mailer.send({ ...email, to: { name: contact.name, address: contact.email }, notificationId: messageId });
    } catch (error) {
      if (error instanceof MailDeliveryError && error.permanent) {
        logger.error(
          { message_id: messageId, type, to: contact.email, smtp_code: error.responseCode },
          'mail rejected permanently; the message is parked once its delivery limit is reached',
        );
      }
      throw error;
    }
    accepted.add(messageId);
    logger.info({ message_id: messageId, type, to: contact.email, subject: email.subject }, 'mail sent');
    return 'sent';
  };
}
