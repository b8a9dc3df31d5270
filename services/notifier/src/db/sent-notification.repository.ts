import type { Queryable } from '@ticres/shared';
import type { NotificationType } from '../domain/notification';

export interface SentNotificationRecord {
  messageId: string;
  userId: string;
  type: NotificationType;
  to: string;
  subject: string;
  sentAt: Date;
}

/** The dedupe record: one row per message that produced a mail. */
export function createSentNotificationRepository(db: Queryable) {
  return {
    /** False when the message already has its row (a mail for it was sent and committed). */
    async record(notification: SentNotificationRecord): Promise<boolean> {
      const { rowCount } = await db.query(
        /* sql */ `
        INSERT INTO sent_notifications (message_id, user_id, type, "to", subject, sent_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (message_id) DO NOTHING`,
        [notification.messageId, notification.userId, notification.type, notification.to, notification.subject, notification.sentAt],
      );
      return rowCount === 1;
    },
  };
}

export type SentNotificationRepository = ReturnType<typeof createSentNotificationRepository>;
