import { newId, type BookingPayload } from '@ticres/shared';
import { envelopeOf, startNotifierStack, type NotifierStack } from './support/notifier-stack';

describe('the notifier, with Postgres, auth, RabbitMQ and an SMTP server', () => {
  let stack: NotifierStack;

  beforeAll(async () => {
    stack = await startNotifierStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  let emailNumber = 0;
  /** A registered user; each test has its own address so their mails never mix. */
  async function registerUser(name = 'Rosa Parks', email = `person${++emailNumber}.${newId().slice(-6)}@Example.com`) {
    const user = await stack.authClient.call.Register({ name, email, password: 'a-good-password' });
    // `email` as registered (auth keeps the letter case), `inbox` as the SMTP server sees it.
    return { id: user.id, name, email, inbox: email.toLowerCase() };
  }

  const booking = (userId: string, overrides: Partial<BookingPayload> = {}): BookingPayload => ({
    booking_id: newId(),
    user_id: userId,
    event_id: newId(),
    event_name: 'Jazz on the Lawn',
    event_starts_at: '2031-03-01T12:00:00.000Z',
    seats: [
      { id: newId(), label: 'VIP-A-1', price_cents: 75_000_000 },
      { id: newId(), label: 'VIP-A-2', price_cents: 75_000_000 },
    ],
    total_cents: 150_000_000,
    currency: 'IDR',
    expires_at: '2031-02-01T10:15:00.000Z',
    ...overrides,
  });

  const refundOf = (data: BookingPayload, reason = 'event_cancelled') =>
    envelopeOf('booking.refunded', {
      booking_id: data.booking_id,
      user_id: data.user_id,
      event_id: data.event_id,
      transaction_id: newId(),
      amount_cents: data.total_cents,
      currency: data.currency,
      payment_method: 'credit_card',
      refund_id: newId(),
      reason,
    });

  /** booking.confirmed of `data`: a message that sends a mail. */
  const confirmedOf = (data: BookingPayload) => envelopeOf('booking.confirmed', { ...data, transaction_id: newId() });

  const sentRows = async (messageId: string) =>
    (await stack.pool.query(/* sql */ `SELECT user_id, type, "to", subject FROM sent_notifications WHERE message_id = $1`, [messageId])).rows;

  /** Resolves once `check` holds, looking again each time the database may have changed. */
  async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const inboxHas = async (messageId: string) =>
    ((await stack.pool.query(/* sql */ `SELECT 1 FROM inbox WHERE message_id = $1`, [messageId])).rowCount ?? 0) > 0;

  const retried = (messageId: string) => stack.log.waitFor((line) => line.msg === 'event handler failed; will retry' && line.message_id === messageId);

  it('mails each booking event once to the address registered in auth, with the subject of its kind, and does not consume a hold', async () => {
    const rosa = await registerUser();
    const paid = booking(rosa.id);
    const pending = booking(rosa.id, { event_name: 'Opera Night', seats: [{ id: newId(), label: 'GA-7', price_cents: 20_000 }], total_cents: 20_000 });
    const lapsed = booking(rosa.id, { event_name: 'Blues Evening' });
    const held = envelopeOf('booking.created', pending);
    const envelopes = [
      confirmedOf(paid),
      envelopeOf('booking.cancelled', { ...pending, reason: 'event_cancelled' as const }),
      envelopeOf('booking.expired', lapsed),
      refundOf(paid),
    ];
    await stack.publish(held);
    await stack.publish(...envelopes);
    await stack.smtp.waitUntil(() => stack.smtp.mailsTo(rosa.email).length >= envelopes.length);
    await eventually(async () => (await Promise.all(envelopes.map((e) => inboxHas(e.id)))).every(Boolean));
    // Its queue is not bound to booking.created: the hold published before them never came.
    expect(await inboxHas(held.id)).toBe(false);
    expect(await sentRows(held.id)).toEqual([]);

    const mails = stack.smtp.mailsTo(rosa.email);
    const bySubject = (subject: string) => mails.find((mail) => mail.subject === subject)!;
    expect(mails.map((mail) => mail.subject).sort()).toEqual(
      [
        'Your tickets for Jazz on the Lawn',
        'Opera Night has been cancelled',
        'Your hold for Blues Evening has expired',
        'Your refund of IDR 1,500,000.00 for Jazz on the Lawn',
      ].sort(),
    );
    for (const mail of mails) {
      expect(mail.from).toBe('"TicRes" <tickets@ticres.example.com>');
      expect(mail.to).toBe(`"Rosa Parks" <${rosa.inbox}>`);
      expect(mail.html).toContain('<table');
    }
    // The refund mail names the seats and the event, which booking.refunded does not carry.
    const refundMail = bySubject('Your refund of IDR 1,500,000.00 for Jazz on the Lawn');
    expect(refundMail.text).toContain('VIP-A-1, VIP-A-2');
    expect(refundMail.text).toContain('Jazz on the Lawn has been cancelled, so we have refunded your booking.');
    expect(bySubject('Opera Night has been cancelled').text).toContain(
      'If you had already paid for this booking, the full amount is refunded automatically',
    );

    for (const envelope of envelopes) {
      expect(await sentRows(envelope.id)).toEqual([{ user_id: rosa.id, type: envelope.type, to: rosa.email, subject: expect.any(String) }]);
    }
    // The log of sent mail: to, subject and type of each, never the body.
    const logged = stack.log.find((line) => line.msg === 'mail sent' && line.to === rosa.email);
    expect(logged.map((line) => line.type).sort()).toEqual(envelopes.map((envelope) => envelope.type).sort());
    expect(JSON.stringify(logged)).not.toContain('VIP-A-1');
  });

  it('unbinds, at start, the booking.created an earlier version consumed: a hold is neither applied nor parked', async () => {
    const rosa = await registerUser();
    await stack.notifier.stop();
    await stack.bindQueueTo('booking.created');
    await stack.startAnotherNotifier();
    const parkedBefore = await stack.parkedCount();

    const held = envelopeOf('booking.created', booking(rosa.id));
    const confirmed = confirmedOf(booking(rosa.id));
    await stack.publish(held, confirmed);
    await eventually(() => inboxHas(confirmed.id));
    expect(await inboxHas(held.id)).toBe(false);
    expect(await stack.parkedCount()).toBe(parkedBefore);
  });

  it('sends one mail for a message delivered twice', async () => {
    const rosa = await registerUser();
    const confirmed = confirmedOf(booking(rosa.id));
    await stack.publish(confirmed, confirmed);
    await stack.smtp.waitForMail((mail) => mail.envelopeTo.includes(rosa.inbox));
    await stack.log.waitFor((line) => line.msg === 'duplicate message skipped' && line.message_id === confirmed.id);

    expect(stack.smtp.mailsTo(rosa.email)).toHaveLength(1);
    expect(await sentRows(confirmed.id)).toHaveLength(1);
  });

  it('retries a refund whose booking it has not heard of until booking.expired arrives (paid after the hold ran out), then mails the refund once', async () => {
    const rosa = await registerUser();
    const data = booking(rosa.id);
    const refund = refundOf(data);
    await stack.publish(refund);
    await retried(refund.id);
    expect(stack.smtp.mailsTo(rosa.email)).toEqual([]);

    const expired = envelopeOf('booking.expired', data);
    await stack.publish(expired);
    await eventually(async () => (await inboxHas(refund.id)) && (await inboxHas(expired.id)));
    const subjects = stack.smtp.mailsTo(rosa.email).map((mail) => mail.subject.split(' ').slice(0, 3).join(' '));
    expect(subjects.sort()).toEqual(['Your hold for', 'Your refund of']);
    expect(await sentRows(refund.id)).toHaveLength(1);
  });

  it('delivers a mail once the SMTP server is back after being down', async () => {
    const rosa = await registerUser();
    const confirmed = confirmedOf(booking(rosa.id));
    await stack.smtp.pause();
    try {
      await stack.publish(confirmed);
      await retried(confirmed.id);
      expect(await sentRows(confirmed.id)).toEqual([]);
    } finally {
      await stack.smtp.resume();
    }
    await stack.smtp.waitForMail((mail) => mail.envelopeTo.includes(rosa.inbox));
    await eventually(() => inboxHas(confirmed.id));
    expect(stack.smtp.mailsTo(rosa.email)).toHaveLength(1);
    expect(await sentRows(confirmed.id)).toHaveLength(1);
  });

  it('retries a mail the server refuses for now (451) and sends it once when accepted', async () => {
    const rosa = await registerUser();
    let refusals = 0;
    stack.smtp.setRecipientPolicy((address) =>
      address === rosa.inbox && refusals++ < 2 ? { code: 451, message: 'Mailbox busy, try again later' } : undefined,
    );
    try {
      const confirmed = confirmedOf(booking(rosa.id));
      await stack.publish(confirmed);
      await stack.smtp.waitForMail((mail) => mail.envelopeTo.includes(rosa.inbox));
      await eventually(() => inboxHas(confirmed.id));
      expect(stack.smtp.rejections.filter((r) => r.address === rosa.inbox)).toEqual([
        { address: rosa.inbox, code: 451 },
        { address: rosa.inbox, code: 451 },
      ]);
      expect(stack.smtp.mailsTo(rosa.email)).toHaveLength(1);
      expect(await sentRows(confirmed.id)).toHaveLength(1);
    } finally {
      stack.smtp.setRecipientPolicy(() => undefined);
    }
  });

  it('parks a message whose mail is rejected permanently (550) in the parking queue, logged, with nothing recorded as sent', async () => {
    const bounce = await registerUser('Bounce', `bounce.${newId().slice(-6)}@example.com`);
    stack.smtp.setRecipientPolicy((address) => (address === bounce.inbox ? { code: 550, message: 'No such mailbox' } : undefined));
    try {
      const parkedBefore = await stack.parkedCount();
      const confirmed = confirmedOf(booking(bounce.id));
      await stack.publish(confirmed);
      await stack.log.waitFor((line) => String(line.msg).startsWith('mail rejected permanently') && line.message_id === confirmed.id);
      // First delivery plus AMQP_DELIVERY_LIMIT (5) retries, each refused by the server.
      await stack.smtp.waitUntil(() => stack.smtp.rejections.filter((r) => r.address === bounce.inbox).length >= 6);
      const deadline = Date.now() + 10_000;
      while ((await stack.parkedCount()) === parkedBefore) {
        if (Date.now() > deadline) throw new Error('message not parked in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await stack.parkedCount()).toBe(parkedBefore + 1);
      expect(stack.smtp.mailsTo(bounce.email)).toEqual([]);
      expect(await sentRows(confirmed.id)).toEqual([]);
      expect(await inboxHas(confirmed.id)).toBe(false);
    } finally {
      stack.smtp.setRecipientPolicy(() => undefined);
    }
  });

  describe('when the record of a sent mail is lost after the SMTP server accepted it', () => {
    afterEach(() => stack.smtp.beforeAccepting(undefined));

    /** Makes the commit after the first mail to `inbox` fail; `then` runs before it is accepted. */
    const loseTheFirstRecord = (inbox: string, then: () => void = () => undefined) => {
      let lost = false;
      stack.smtp.beforeAccepting(async (mail) => {
        if (lost || !mail.envelopeTo.includes(inbox)) return;
        lost = true;
        then();
        await stack.dropNotifierConnections();
      });
    };

    it('records the mail on redelivery without sending it again (the database connection dropped)', async () => {
      const rosa = await registerUser();
      const confirmed = confirmedOf(booking(rosa.id));
      loseTheFirstRecord(rosa.inbox);

      await stack.publish(confirmed);
      await retried(confirmed.id); // the COMMIT after the server's acceptance failed
      await eventually(() => inboxHas(confirmed.id));
      expect(await sentRows(confirmed.id)).toHaveLength(1);
      expect(stack.smtp.mailsTo(rosa.email)).toHaveLength(1);
      await stack.log.waitFor((line) => line.message_id === confirmed.id && String(line.msg).startsWith('mail accepted before its record was lost'));
    });

    it('sends it again from a new process with the same Message-ID, derived from the message id (the notifier died)', async () => {
      const rosa = await registerUser();
      const confirmed = confirmedOf(booking(rosa.id));
      let stopped: Promise<void> | undefined;
      // The process goes away with the mail in flight: its commit fails and nothing it remembers survives.
      loseTheFirstRecord(rosa.inbox, () => {
        stopped = stack.notifier.stop();
      });

      await stack.publish(confirmed);
      await stack.smtp.waitForMail((mail) => mail.envelopeTo.includes(rosa.inbox));
      await stopped;
      expect(await inboxHas(confirmed.id)).toBe(false);
      await stack.startAnotherNotifier();
      await stack.smtp.waitUntil(() => stack.smtp.mailsTo(rosa.email).length === 2);
      await eventually(() => inboxHas(confirmed.id));

      const [first, second] = stack.smtp.mailsTo(rosa.email);
      expect(second!.messageId).toBe(first!.messageId);
      expect(first!.messageId).toBe(`<${confirmed.id}@ticres.example.com>`);
      expect(await sentRows(confirmed.id)).toHaveLength(1);
    });
  });

  it('skips, without retrying, an event about a user auth does not know', async () => {
    const confirmed = confirmedOf(booking(newId()));
    await stack.publish(confirmed);
    await eventually(() => inboxHas(confirmed.id));
    expect(await sentRows(confirmed.id)).toEqual([]);
    expect(stack.log.find((line) => line.message_id === confirmed.id).map((line) => line.msg)).toEqual(['no such user in auth; notification skipped']);
  });

  it('answers /healthz and /readyz, and /readyz 503 from the first shutdown step', async () => {
    const url = (path: string) => `http://127.0.0.1:${stack.notifier.httpPort}${path}`;
    expect((await fetch(url('/healthz'))).status).toBe(200);
    expect((await fetch(url('/readyz'))).status).toBe(200);
    await stack.notifier.shutdownSteps[0]!.run();
    expect((await fetch(url('/readyz'))).status).toBe(503);
  });
});
