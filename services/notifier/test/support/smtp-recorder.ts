import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One mail as the server received it, parsed. */
export interface RecordedMail {
  /** RCPT TO addresses, lower case. */
  envelopeTo: string[];
  envelopeFrom: string;
  /** The From and To headers as written. */
  from: string;
  to: string;
  subject: string;
  /** The Message-ID header, `<...>`. */
  messageId: string;
  text: string;
  html: string;
  receivedAt: Date;
}

/** How the server answers a recipient: accept (undefined) or an SMTP error such as 451 or 550. */
export type RecipientVerdict = { code: number; message: string } | undefined;

export interface RecordedRejection {
  address: string;
  code: number;
}

export interface SmtpRecorder {
  readonly host: string;
  /** Stays the same across pause/resume. */
  readonly port: number;
  readonly mails: readonly RecordedMail[];
  readonly rejections: readonly RecordedRejection[];
  mailsTo(address: string): RecordedMail[];
  /** Decides each recipient from now on; the default accepts everything. */
  setRecipientPolicy(policy: (address: string) => RecipientVerdict): void;
  /**
   * Runs `hook` on each mail once it is received and recorded, before the server answers 250:
   * the moment when the server has the mail and the client does not know it yet. Undefined: none.
   */
  beforeAccepting(hook: ((mail: RecordedMail) => Promise<void>) | undefined): void;
  /** Resolves with the first mail, arrived or still to come, that matches; rejects after the timeout. */
  waitForMail(match: (mail: RecordedMail) => boolean, timeoutMs?: number): Promise<RecordedMail>;
  /** Resolves once `check` holds, looked at again on every mail and every rejection. */
  waitUntil(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Stops listening (connections are refused: the server is down) until `resume`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpRecorderOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

const normalise = (address: string) => address.trim().toLowerCase();

/**
 * A real SMTP server in the test process (smtp-server, plain text, no auth) that parses every mail
 * it accepts with mailparser and records it, so a test reads what a mail client would see. It can
 * be taken down and brought back on the same port, and told to refuse recipients.
 */
export async function startSmtpRecorder({ host = '127.0.0.1', port = 0 }: SmtpRecorderOptions = {}): Promise<SmtpRecorder> {
  const mails: RecordedMail[] = [];
  const rejections: RecordedRejection[] = [];
  const watchers = new Set<() => void>();
  const changed = () => {
    for (const watcher of [...watchers]) watcher();
  };
  let policy: (address: string) => RecipientVerdict = () => undefined;
  let acceptanceHook: ((mail: RecordedMail) => Promise<void>) | undefined;

  const newServer = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const verdict = policy(normalise(address.address));
        if (!verdict) return callback();
        rejections.push({ address: normalise(address.address), code: verdict.code });
        changed();
        return callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            const mail: RecordedMail = {
              envelopeTo: session.envelope.rcptTo.map((rcpt) => normalise(rcpt.address)),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              from: parsed.from?.text ?? '',
              to: (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).map((a) => a.text).join(', '),
              subject: parsed.subject ?? '',
              messageId: parsed.messageId ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              receivedAt: new Date(),
            };
            mails.push(mail);
            await acceptanceHook?.(mail);
            callback();
            changed();
          })
          .catch((error: unknown) => callback(error as Error));
      },
    });

  let server = newServer();
  const listen = (on: SMTPServer, wanted: number) =>
    new Promise<number>((resolve, reject) => {
      on.server.once('error', reject);
      on.listen(wanted, host, () => {
        on.server.off('error', reject);
        const address = on.server.address();
        resolve(typeof address === 'object' && address ? address.port : wanted);
      });
    });
  const shut = (on: SMTPServer) => new Promise<void>((resolve) => on.close(() => resolve()));
  const boundPort = await listen(server, port);
  let listening = true;

  const waitUntil = (check: () => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const watcher = () => {
        if (!check()) return;
        clearTimeout(timer);
        watchers.delete(watcher);
        resolve();
      };
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(new Error(`SMTP recorder: condition not met within ${timeoutMs} ms (${mails.length} mails, ${rejections.length} rejections)`));
      }, timeoutMs);
      watchers.add(watcher);
    });

  return {
    host,
    port: boundPort,
    mails,
    rejections,
    mailsTo: (address) => mails.filter((mail) => mail.envelopeTo.includes(normalise(address))),
    setRecipientPolicy(next) {
      policy = next;
    },
    beforeAccepting(hook) {
      acceptanceHook = hook;
    },
    async waitForMail(match, timeoutMs) {
      await waitUntil(() => mails.some(match), timeoutMs);
      return mails.find(match)!;
    },
    waitUntil,
    async pause() {
      if (!listening) return;
      listening = false;
      await shut(server);
    },
    async resume() {
      if (listening) return;
      server = newServer();
      await listen(server, boundPort);
      listening = true;
    },
    async close() {
      watchers.clear();
      if (listening) await shut(server);
      listening = false;
    },
  };
}
