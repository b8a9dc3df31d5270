/**
 * The SMTP server the notifier sends to, in the benchmark's own process, so a purchase can be
 * timed until its confirmation mail arrives. It parses only what it needs (subject, recipients,
 * the booking ids the text names): a full MIME parse of each of the benchmark's thousands of mails
 * would compete with the stack for the CPU.
 */
import { SMTPServer } from 'smtp-server';
import { now } from './clock.ts';

export interface ArrivedMail {
  to: string[];
  subject: string;
  bookingIds: string[];
  /** Epoch ms (sub-ms precision, comparable with the load generator's timestamps). */
  at: number;
}

export interface Mailbox {
  port: number;
  mails: ArrivedMail[];
  /** The first mail naming the booking whose subject matches, arrived or still to come. */
  waitFor(bookingId: string, subject: RegExp, timeoutMs: number): Promise<ArrivedMail | undefined>;
  close(): Promise<void>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Subject and booking ids of a raw message: headers unfolded, quoted-printable soft breaks removed. */
export function parseRaw(raw: string): { subject: string; bookingIds: string[] } {
  const end = raw.indexOf('\r\n\r\n');
  const headers = (end >= 0 ? raw.slice(0, end) : raw).replace(/\r\n[ \t]+/g, ' ');
  const subject = /^subject:\s*(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  const body = (end >= 0 ? raw.slice(end) : '').replace(/=\r\n/g, '');
  return { subject, bookingIds: [...new Set((body.match(UUID) ?? []).map((id) => id.toLowerCase()))] };
}

export async function startMailbox(): Promise<Mailbox> {
  const mails: ArrivedMail[] = [];
  const waiters = new Set<(mail: ArrivedMail) => void>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { subject, bookingIds } = parseRaw(Buffer.concat(chunks).toString('latin1'));
        const mail: ArrivedMail = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          subject,
          bookingIds,
          at: now(),
        };
        mails.push(mail);
        for (const waiter of [...waiters]) waiter(mail);
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });

  return {
    port,
    mails,
    waitFor(bookingId, subject, timeoutMs) {
      const id = bookingId.toLowerCase();
      const matches = (mail: ArrivedMail) => mail.bookingIds.includes(id) && subject.test(mail.subject);
      const found = mails.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const waiter = (mail: ArrivedMail) => {
          if (!matches(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(undefined);
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
