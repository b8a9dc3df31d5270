import type { RecordedMail, SmtpRecorder } from './mailbox';

/** The notifier's mails by subject (services/notifier/src/domain/templates). */
const MAIL_KINDS: [kind: string, subject: RegExp][] = [
  ['tickets', /^Your tickets for /],
  ['refund', /^Your refund of /],
  ['event cancelled', / has been cancelled$/],
  ['expired', /^Your hold for .+ has expired$/],
];

/** Which of the notifier's mails this is (its subject when none matches). */
export const kindOf = (mail: RecordedMail): string => MAIL_KINDS.find(([, subject]) => subject.test(mail.subject))?.[0] ?? mail.subject;

/** The kinds of mail that reached `email` about the booking (each mail names its booking), sorted. */
export const mailKindsAbout = (mailbox: SmtpRecorder, email: string, bookingId: string): string[] =>
  mailbox
    .mailsTo(email)
    .filter((mail) => mail.text.includes(bookingId))
    .map(kindOf)
    .sort();
