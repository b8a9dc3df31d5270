import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Email } from '../domain/notification';
import { notificationMessageId } from './message-id';

export interface OutgoingMail extends Email {
  to: { name: string; address: string };
  /** The notification the mail is for: its Message-ID, the same on every attempt, derives from it. */
  notificationId: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the mail; throws MailDeliveryError otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The SMTP server did not take the mail. `permanent` for a 5xx: sending it again will not help. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
    readonly permanent: boolean,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}

export interface SmtpMailerOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  timeoutMs: number;
}

function deliveryError(error: unknown): MailDeliveryError {
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  const code = typeof responseCode === 'number' ? responseCode : undefined;
  const reason = (error as { code?: unknown }).code;
  // The server's reply text may quote the address; the caller logs the recipient separately.
  const message = code ? `SMTP server answered ${code}` : `SMTP delivery failed (${typeof reason === 'string' ? reason : 'no reply'})`;
  return new MailDeliveryError(message, code, code !== undefined && code >= 500 && code < 600, { cause: error });
}

/**
 * Opens each SMTP connection with TCP_NODELAY. SMTP is a conversation of small writes: with Nagle's
 * algorithm on, a command often waited for the server's delayed ACK (~40 ms), which held a mail
 * to ~40 ms of pure waiting (65 mails/s over three pooled connections, ~800 without it).
 * nodemailer upgrades the socket for `secure` servers itself.
 */
function connectWithoutDelay(timeoutMs: number): NonNullable<SMTPPool.Options['getSocket']> {
  return (options, callback) => {
    const socket = net.connect({ host: options.host!, port: Number(options.port), noDelay: true, timeout: timeoutMs });
    const fail = (error: Error) => callback(error, undefined);
    socket.once('error', fail);
    socket.once('timeout', () => socket.destroy(new Error(`SMTP connection timed out after ${timeoutMs} ms`)));
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.setTimeout(0);
      callback(null, { connection: socket });
    });
  };
}

/** SMTP connections kept open; mails beyond them wait for one to be free. */
const POOLED_CONNECTIONS = 3;

/**
 * Sends over SMTP with nodemailer through a small pool of kept-open connections: a mail costs
 * its own MAIL/RCPT/DATA exchange, not a new connection, greeting and EHLO as well (most of the
 * time a mail took under load). A pooled connection the server dropped fails the mail it
 * carries, which the consumer retries like any failed send; the pool opens a new connection.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: POOLED_CONNECTIONS,
    getSocket: connectWithoutDelay(options.timeoutMs),
    host: options.host,
    port: options.port,
    secure: options.secure,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: notificationMessageId(mail.notificationId, options.from),
        });
      } catch (error) {
        throw deliveryError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
