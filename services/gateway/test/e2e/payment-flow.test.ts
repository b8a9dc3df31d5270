import { randomBytes } from 'node:crypto';
import { createAdmin, createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually, staysSo } from '../support/eventually';
import {
  apiClient,
  dataOf,
  problemOf,
  type ApiClient,
  type ApiResponse,
  type Booking,
  type Event,
  type EventDetail,
  type NewEvent,
  type PaymentStatus,
  type PayRequest,
  type SeatChoice,
  type Transaction,
} from '../support/http';
import { kindOf, mailKindsAbout } from '../support/mail-kinds';
import { startStack, type Stack } from '../support/stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VIP_PRICE = 150_000_000;
const FAIR_PRICE = 25_000_000;
/** How long payment waits for the simulated provider, which never answers tok_timeout. */
const PROVIDER_TIMEOUT_MS = 500;
/** How long anything that travels through RabbitMQ may take before a test gives up. */
const SETTLE_MS = 20_000;
/** How long no further email may arrive once the expected ones have. */
const QUIET_MS = 2_000;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Paying through the gateway with every service a real process (auth, catalog, booking, payment,
 * notifier) over gRPC and RabbitMQ, the notifier sending to an SMTP server in this process. Two
 * events: the concert, where people pay and which an admin then cancels (the saga), and the fair,
 * where the payment rules are tried. The steps share their state and run in order.
 */
describe('e2e: payments, emails and the cancellation saga through the gateway', () => {
  let stack: Stack;
  let api: ApiClient;
  let organizer: Account;
  let admin: Account;
  /** Pays for the concert, which is then cancelled: refunded. */
  let alice: Account;
  /** Holds concert seats without paying: cancelled with the concert. */
  let bob: Account;
  /** Declined first, then pays for the concert: refunded. */
  let carol: Account;
  let dave: Account;
  let erin: Account;
  let frank: Account;
  /** Tries other people's bookings. */
  let mallory: Account;
  let concert: Event;
  let fair: Event;
  let aliceBooking: Booking;
  let aliceTransaction: Transaction;
  let bobBooking: Booking;
  let carolBooking: Booking;
  let carolTransaction: Transaction;

  beforeAll(async () => {
    stack = await startStack({
      notifier: true,
      bookingEnv: { HOLD_TTL_SECONDS: '600' },
      paymentEnv: { PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS) },
    });
    api = apiClient(stack.baseUrl);
    [organizer, admin, alice, bob, carol, dave, erin, frank, mallory] = await Promise.all([
      createWithRole(api, stack.sql, 'organizer'),
      createAdmin(api, stack.sql),
      registerAndLogin(api, 'alice'),
      registerAndLogin(api, 'bob'),
      registerAndLogin(api, 'carol'),
      registerAndLogin(api, 'dave'),
      registerAndLogin(api, 'erin'),
      registerAndLogin(api, 'frank'),
      registerAndLogin(api, 'mallory'),
    ]);
    [concert, fair] = await Promise.all([
      publish(`E2E Concert ${randomBytes(4).toString('hex')}`, [{ name: 'VIP', price_cents: VIP_PRICE, rows: 2, seats_per_row: 5 }]),
      publish(`E2E Fair ${randomBytes(4).toString('hex')}`, [{ name: 'Entry', price_cents: FAIR_PRICE, capacity: 20 }]),
    ]);
    for (const event of [concert, fair]) {
      await eventually(
        `seats of ${event.name}`,
        () => detailOf(event),
        (d) => d.seats.length > 0,
      );
    }
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  async function publish(name: string, sections: NewEvent['sections']): Promise<Event> {
    const body: NewEvent = { name, location: 'Jakarta', starts_at: inDays(30), currency: 'IDR', sections };
    return dataOf<Event>(await api.post('/api/v1/events', body, as(organizer)));
  }
  const as = (account: Account) => ({ token: account.tokens.access_token });
  const detailOf = async (event: Event) => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`));
  const book = async (account: Account, event: Event, body: SeatChoice) =>
    dataOf<Booking>(await api.post('/api/v1/bookings', { event_id: event.id, ...body }, as(account)));
  const pay = (account: Account, booking: Booking, body: Partial<PayRequest> = {}, idempotencyKey?: string) =>
    api.post(
      '/api/v1/payments',
      { booking_id: booking.id, payment_method: 'credit_card', ...body },
      { ...as(account), ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}) },
    );
  const paymentOf = async (account: Account, booking: Booking) => dataOf<PaymentStatus>(await api.get(`/api/v1/payments/${booking.id}`, as(account)));
  const bookingOf = async (account: Account, booking: Booking) => dataOf<Booking>(await api.get(`/api/v1/bookings/${booking.id}`, as(account)));
  const untilBookingIs = (account: Account, booking: Booking, status: Booking['status']) =>
    eventually(
      `booking ${booking.id} ${status}`,
      () => bookingOf(account, booking),
      (b) => b.status === status,
      SETTLE_MS,
    );
  const expectProblem = (res: ApiResponse, status: number, code: string) => {
    expect({ status: res.status, contentType: res.contentType }).toEqual({
      status,
      contentType: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(problemOf(res)).toMatchObject({ status, code });
  };
  /** The kinds of mail that reached the account about the booking (each mail names its booking). */
  const mailKinds = (account: Account, booking: Booking) => mailKindsAbout(stack.mailbox, account.email, booking.id);
  /** What GET /payments shows of a booking nothing was charged for: no attempt, or a FAILED one. */
  const expectNothingCharged = (status: PaymentStatus, bookingStatus: Booking['status']) => {
    expect(status.booking.status).toBe(bookingStatus);
    expect(status.transaction?.status ?? 'none').toMatch(/^(none|FAILED)$/);
    expect(status.refund).toBeNull();
  };
  /** Every charge payment recorded for the booking, read from its own schema. */
  const chargesOf = async (booking: Booking) =>
    (
      await stack.sql.query<{ status: string }>(
        /* sql */ `SELECT status FROM payment.transactions
                   WHERE booking_id = $1 AND status IN ('SUCCEEDED', 'REFUNDED')`,
        [booking.id],
      )
    ).rows.map((row) => row.status);
  const seatStatuses = async (event: Event, booking: Booking) => {
    const ids = new Set(booking.seats.map((seat) => seat.id));
    return (await detailOf(event)).seats.filter((seat) => ids.has(seat.id)).map((seat) => seat.status);
  };

  it('Alice books and pays: 201 SUCCEEDED, the booking PAID with its seats sold, one email with her tickets', async () => {
    const seats = (await detailOf(concert)).seats.slice(0, 2);
    aliceBooking = await book(alice, concert, { seat_ids: seats.map((seat) => seat.id) });

    // Someone else's booking is refused as unknown, and charges nothing.
    expectProblem(await pay(mallory, aliceBooking), 404, 'NOT_FOUND');

    const res = await pay(alice, aliceBooking, { payment_token: 'tok_visa' });
    expect(res.status).toBe(201);
    aliceTransaction = dataOf<Transaction>(res);
    expect(aliceTransaction).toEqual({
      id: expect.stringMatching(UUID),
      booking_id: aliceBooking.id,
      amount_cents: 2 * VIP_PRICE,
      currency: 'IDR',
      payment_method: 'credit_card',
      status: 'SUCCEEDED',
      external_id: expect.any(String),
      created_at: expect.any(String),
    });
    expect(aliceTransaction.external_id).not.toBe('');

    const paid = await untilBookingIs(alice, aliceBooking, 'PAID');
    expect(paid).toMatchObject({ id: aliceBooking.id, total_cents: 2 * VIP_PRICE, seats: aliceBooking.seats });
    expect(await seatStatuses(concert, aliceBooking)).toEqual(['sold', 'sold']);
    expect(await paymentOf(alice, aliceBooking)).toEqual({
      booking: paid,
      transaction: aliceTransaction,
      refund: null,
    });
    expect(await chargesOf(aliceBooking)).toEqual(['SUCCEEDED']);

    const ticketMails = () => mailKinds(alice, aliceBooking).filter((kind) => kind === 'tickets').length;
    await eventually('Alice’s tickets email', ticketMails, (n) => n >= 1, SETTLE_MS);
    await staysSo('one tickets email', ticketMails, (n) => n === 1, QUIET_MS);
    const [tickets] = stack.mailbox.mailsTo(alice.email).filter((mail) => kindOf(mail) === 'tickets');
    expect(tickets!.subject).toContain(concert.name);
    expect(tickets!.text).toContain(aliceBooking.seats[0]!.label);
    expect(tickets!.html).toContain(concert.name);
  });

  it('refuses to charge the paid booking again: 409 ALREADY_PAID, with or without an Idempotency-Key', async () => {
    expectProblem(await pay(alice, aliceBooking), 409, 'ALREADY_PAID');
    const newKey = `again-${randomBytes(4).toString('hex')}`;
    expectProblem(await pay(alice, aliceBooking, { payment_method: 'e_wallet' }, newKey), 409, 'ALREADY_PAID');
    expect(await chargesOf(aliceBooking)).toEqual(['SUCCEEDED']);
  });

  it('answers 404 to anyone else asking for the payment of Alice’s booking', async () => {
    expectProblem(await api.get(`/api/v1/payments/${aliceBooking.id}`, as(mallory)), 404, 'NOT_FOUND');
    expectProblem(await pay(mallory, aliceBooking), 404, 'NOT_FOUND');
  });

  it('declines tok_decline and tok_timeout with 402: the booking stays PENDING and held, then can be paid', async () => {
    const seat = (await detailOf(concert)).seats.find((s) => s.status === 'available')!;
    carolBooking = await book(carol, concert, { seat_ids: [seat.id] });

    // tok_timeout: the provider never answers; payment gives up after PROVIDER_TIMEOUT_MS.
    for (const token of ['tok_decline', 'tok_timeout']) {
      expectProblem(await pay(carol, carolBooking, { payment_token: token }), 402, 'PAYMENT_DECLINED');
      expect((await bookingOf(carol, carolBooking)).status).toBe('PENDING');
      expect(await seatStatuses(concert, carolBooking)).toEqual(['held']);
      expectNothingCharged(await paymentOf(carol, carolBooking), 'PENDING');
      expect(await chargesOf(carolBooking)).toEqual([]);
    }

    const res = await pay(carol, carolBooking, { payment_method: 'e_wallet' });
    expect(res.status).toBe(201);
    carolTransaction = dataOf<Transaction>(res);
    expect(carolTransaction).toMatchObject({
      status: 'SUCCEEDED',
      payment_method: 'e_wallet',
      amount_cents: VIP_PRICE,
    });
    await untilBookingIs(carol, carolBooking, 'PAID');
    expect(await chargesOf(carolBooking)).toEqual(['SUCCEEDED']);
  });

  it('charges once for two concurrent payments of one booking without an Idempotency-Key', async () => {
    const booking = await book(dave, fair, { quantity: 2 });
    const answers = await Promise.all([pay(dave, booking), pay(dave, booking)]);
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 409]);
    const winner = dataOf<Transaction>(answers.find((res) => res.status === 201)!);
    expect(['ALREADY_PAID', 'CONFLICT']).toContain(problemOf(answers.find((res) => res.status === 409)!).code);

    await untilBookingIs(dave, booking, 'PAID');
    expect((await paymentOf(dave, booking)).transaction).toEqual(winner);
    expect(await chargesOf(booking)).toEqual(['SUCCEEDED']);
  });

  it('charges once for two concurrent payments with one Idempotency-Key; a retry replays, another body is 422', async () => {
    const booking = await book(erin, fair, { quantity: 1 });
    const key = `pay-${randomBytes(6).toString('hex')}`;
    const answers = await Promise.all([pay(erin, booking, {}, key), pay(erin, booking, {}, key)]);
    const created = answers.filter((res) => res.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    // The second is either told the first is in progress, or (if the first finished) its replay.
    for (const res of answers.filter((r) => r.status !== 201)) expectProblem(res, 409, 'IDEMPOTENCY_IN_PROGRESS');
    const transaction = dataOf<Transaction>(created[0]!);
    for (const res of created) expect(dataOf<Transaction>(res)).toEqual(transaction);

    await untilBookingIs(erin, booking, 'PAID');
    const replay = await pay(erin, booking, {}, key);
    expect(replay.status).toBe(201);
    expect(dataOf<Transaction>(replay)).toEqual(transaction);
    expectProblem(await pay(erin, booking, { payment_method: 'bank_transfer' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect((await paymentOf(erin, booking)).transaction).toEqual(transaction);
    expect(await chargesOf(booking)).toEqual(['SUCCEEDED']);
  });

  it('refuses to pay an expired booking: 410 BOOKING_EXPIRED before and after the sweeper, no charge', async () => {
    const booking = await book(frank, fair, { quantity: 1 });
    // The hold lapses now instead of in HOLD_TTL_SECONDS, so the rest of the run keeps its holds.
    const { rowCount } = await stack.sql.query(
      /* sql */ `UPDATE booking.bookings SET expires_at = now() - interval '1 second'
                 WHERE id = $1 AND status = 'PENDING'`,
      [booking.id],
    );
    expect(rowCount).toBe(1);

    expectProblem(await pay(frank, booking), 410, 'BOOKING_EXPIRED');
    await untilBookingIs(frank, booking, 'EXPIRED');
    expectProblem(await pay(frank, booking, { payment_method: 'e_wallet' }), 410, 'BOOKING_EXPIRED');
    expectNothingCharged(await paymentOf(frank, booking), 'EXPIRED');
    expect(await chargesOf(booking)).toEqual([]);
    expect(await seatStatuses(fair, booking)).toEqual(['available']);
  });

  it('an admin cancels the concert: the payments refunded, the pending booking cancelled, one email each', async () => {
    const seat = (await detailOf(concert)).seats.find((s) => s.status === 'available')!;
    bobBooking = await book(bob, concert, { seat_ids: [seat.id] });
    // Everything mailed so far has arrived (a hold is not mailed), so what follows is about the
    // cancellation only.
    await eventually(
      'Carol’s tickets',
      () => mailKinds(carol, carolBooking),
      (k) => k.includes('tickets'),
      SETTLE_MS,
    );

    const res = await api.delete(`/api/v1/admin/events/${concert.id}?reason=Venue%20flooded`, as(admin));
    expect(res.status).toBe(202);

    for (const [account, booking, transaction] of [
      [alice, aliceBooking, aliceTransaction],
      [carol, carolBooking, carolTransaction],
    ] as const) {
      const refunded = await eventually(
        `booking ${booking.id} refunded`,
        () => paymentOf(account, booking),
        (p) => p.booking.status === 'REFUNDED' && p.refund?.status === 'COMPLETED',
        SETTLE_MS,
      );
      expect(refunded.transaction).toEqual({ ...transaction, status: 'REFUNDED' });
      expect(refunded.refund).toEqual({
        id: expect.stringMatching(UUID),
        booking_id: booking.id,
        transaction_id: transaction.id,
        amount_cents: transaction.amount_cents,
        status: 'COMPLETED',
        reason: expect.any(String),
        created_at: expect.any(String),
      });
      expect(await chargesOf(booking)).toEqual(['REFUNDED']);
      const { rows } = await stack.sql.query<{ n: string }>(/* sql */ `SELECT count(*) AS n FROM payment.refunds WHERE booking_id = $1`, [booking.id]);
      expect(Number(rows[0]!.n)).toBe(1);
    }
    await untilBookingIs(bob, bobBooking, 'CANCELLED');
    expect(await paymentOf(bob, bobBooking)).toMatchObject({ transaction: null, refund: null });

    // Each person hears once: the payers about their refund, the holder about the cancellation.
    const expected: [Account, Booking, string[]][] = [
      [alice, aliceBooking, ['refund', 'tickets']],
      [carol, carolBooking, ['refund', 'tickets']],
      [bob, bobBooking, ['event cancelled']],
    ];
    const allKinds = () => expected.map(([account, booking]) => mailKinds(account, booking));
    const wanted = expected.map(([, , kinds]) => kinds);
    const counted = (compare: (got: number, want: number) => boolean) => (kinds: string[][]) =>
      kinds.every((got, i) => compare(got.length, wanted[i]!.length));
    await eventually(
      'one email each about the cancellation',
      allKinds,
      counted((got, want) => got >= want),
      SETTLE_MS,
    );
    await staysSo(
      'no further email',
      allKinds,
      counted((got, want) => got === want),
      QUIET_MS,
    );
    expect(allKinds()).toEqual(wanted);
    const [refundMail] = stack.mailbox.mailsTo(alice.email).filter((mail) => kindOf(mail) === 'refund');
    expect(refundMail!.subject).toContain(concert.name);
  });

  it('a payment racing the event’s cancellation ends refunded or uncharged, never PAID on a cancelled event', async () => {
    const race = await publish(`E2E Race ${randomBytes(4).toString('hex')}`, [{ name: 'Floor', price_cents: FAIR_PRICE, capacity: 10 }]);
    await eventually(
      'seats of the race event',
      () => detailOf(race),
      (d) => d.seats.length > 0,
      SETTLE_MS,
    );
    const buyers = [dave, erin, frank];
    const bookings = await Promise.all(buyers.map((account) => book(account, race, { quantity: 1 })));

    // The payments and the cancellation leave at the same moment.
    const [payments, cancel] = await Promise.all([
      Promise.all(buyers.map((account, i) => pay(account, bookings[i]!))),
      api.delete(`/api/v1/admin/events/${race.id}`, as(admin)),
    ]);
    expect(cancel.status).toBe(202);
    for (const res of payments) expect(res.status).toBeLessThan(500);

    for (const [i, account] of buyers.entries()) {
      const booking = bookings[i]!;
      // Settled: the booking left PENDING/PAID, and no captured money is left unrefunded.
      const settled = await eventually(
        `booking ${booking.id} settled`,
        async () => ({ status: (await paymentOf(account, booking)).booking.status, charges: await chargesOf(booking) }),
        (state) => ['REFUNDED', 'CANCELLED'].includes(state.status) && !state.charges.includes('SUCCEEDED'),
        SETTLE_MS,
      );
      // At most one capture, and a refunded booking was charged and refunded exactly once.
      expect(settled.charges.length).toBeLessThanOrEqual(1);
      if (settled.status === 'REFUNDED') expect(settled.charges).toEqual(['REFUNDED']);
      await staysSo(
        `booking ${booking.id} never PAID`,
        async () => (await paymentOf(account, booking)).booking.status,
        (status) => status !== 'PAID',
        QUIET_MS,
      );
    }
  });
});
