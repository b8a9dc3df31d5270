/**
 * The notifier's own in-process SMTP recorder (a real smtp-server, each mail parsed with
 * mailparser), so the gateway's end-to-end tests read mail exactly as the notifier's tests do.
 */
export { startSmtpRecorder, type RecordedMail, type SmtpRecorder } from '../../../notifier/test/support/smtp-recorder';
