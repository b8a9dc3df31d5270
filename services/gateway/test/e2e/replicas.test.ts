import { randomBytes } from 'node:crypto';
import { createAdmin, createWithRole, registerAndLogin, type Account } from '../support/accounts';
import { eventually, staysSo } from '../support/eventually';
import { apiClient, dataOf, type ApiClient, type Booking, type Event, type EventDetail, type NewEvent, type PaymentStatus } from '../support/http';
import { mailKindsAbout } from '../support/mail-kinds';
import { startStack, type Stack } from '../support/stack';

const PRICE = 40_000_000;
/** How long anything that travels through RabbitMQ may take before a test gives up. */
const SETTLE_MS = 30_000;
/** How long no further email may arrive once the expected ones have. */
const QUIET_MS = 3_000;
const PAYERS = 4;
const HOLDERS = 2;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Two processes each of the gateway, booking, payment and the notifier (auth and catalog once), as
 * a deployment with replicas runs them: gateway i calls booking i and payment i, payment i claims
 * bookings at booking i + 1, both notifiers consume one queue, and every background loop (outbox
 * relays, sweepers, refund runners, reconcilers, housekeeping) runs twice. Each person books
 * through one gateway and pays through the other. Whatever the replicas share must live in
 * Postgres, Redis or RabbitMQ: state kept in one process would show as a second charge, refund or
 * email, or as a step that never completes.
 */
describe('e2e: two replicas each of the gateway, booking, payment and the notifier', () => {
  let stack: Stack;
  let gateways: [ApiClient, ApiClient];
  let organizer: Account;
  let admin: Account;
  let payers: Account[];
  let holders: Account[];
  let concert: Event;
  let paid: Booking[];
  let held: Booking[];

  beforeAll(async () => {
    stack = await startStack({ notifier: true, replicas: 2, bookingEnv: { HOLD_TTL_SECONDS: '600' } });
    gateways = stack.baseUrls.map(apiClient) as [ApiClient, ApiClient];
    const [first, second] = gateways;
    [organizer, admin] = await Promise.all([createWithRole(first, stack.sql, 'organizer'), createAdmin(second, stack.sql)]);
    payers = await Promise.all(Array.from({ length: PAYERS }, (_, i) => registerAndLogin(gateways[i % 2]!, `payer${i}`)));
    holders = await Promise.all(Array.from({ length: HOLDERS }, (_, i) => registerAndLogin(gateways[i % 2]!, `holder${i}`)));
    const body: NewEvent = {
      name: `E2E Replicas ${randomBytes(4).toString('hex')}`,
      location: 'Jakarta',
      starts_at: inDays(30),
      currency: 'IDR',
      sections: [{ name: 'Floor', price_cents: PRICE, capacity: 50 }],
    };
    concert = dataOf<Event>(await second.post('/api/v1/events', body, as(organizer)));
    await eventually(
      'the concert’s seats',
      () => detailOf(first),
      (detail) => detail.seats.length > 0,
      SETTLE_MS,
    );
  }, 300_000);
  afterAll(() => stack?.stop(), 90_000);

  const as = (account: Account) => ({ token: account.tokens.access_token });
  /** The gateway person `i` books through; they pay through the other one. */
  const bookingGateway = (i: number) => gateways[i % 2]!;
  const payingGateway = (i: number) => gateways[(i + 1) % 2]!;
  const detailOf = async (api: ApiClient) => dataOf<EventDetail>(await api.get(`/api/v1/events/${concert.id}`));
  const paymentOf = async (api: ApiClient, account: Account, booking: Booking) =>
    dataOf<PaymentStatus>(await api.get(`/api/v1/payments/${booking.id}`, as(account)));
  /** Every charge payment recorded for the booking, and its refunds, read from payment's schema. */
  const moneyOf = async (booking: Booking) => {
    const charges = await stack.sql.query<{ status: string }>(
      /* sql */ `SELECT status FROM payment.transactions WHERE booking_id = $1 AND status IN ('SUCCEEDED', 'REFUNDED')`,
      [booking.id],
    );
    const refunds = await stack.sql.query<{ status: string }>(/* sql */ `SELECT status FROM payment.refunds WHERE booking_id = $1`, [booking.id]);
    return { charges: charges.rows.map((row) => row.status), refunds: refunds.rows.map((row) => row.status) };
  };
  const mailKinds = (account: Account, booking: Booking) => mailKindsAbout(stack.mailbox, account.email, booking.id);
  /** Waits for exactly these kinds of mail per (person, booking), then checks no further one comes. */
  async function expectMails(what: string, expected: Array<[Account, Booking, string[]]>) {
    const kinds = () => expected.map(([account, booking]) => mailKinds(account, booking));
    const wanted = expected.map(([, , want]) => want);
    const counted = (compare: (got: number, want: number) => boolean) => (got: string[][]) =>
      got.every((mine, i) => compare(mine.length, wanted[i]!.length));
    await eventually(
      what,
      kinds,
      counted((got, want) => got >= want),
      SETTLE_MS,
    );
    await staysSo(
      `${what}, and no more`,
      kinds,
      counted((got, want) => got === want),
      QUIET_MS,
    );
    expect(kinds()).toEqual(wanted);
  }

  it('the purchase story: booked through one gateway, paid through the other, PAID with one charge and one tickets email each', async () => {
    paid = await Promise.all(
      payers.map(async (payer, i) => dataOf<Booking>(await bookingGateway(i).post('/api/v1/bookings', { event_id: concert.id, quantity: 2 }, as(payer)))),
    );
    const payments = await Promise.all(
      payers.map((payer, i) => payingGateway(i).post('/api/v1/payments', { booking_id: paid[i]!.id, payment_method: 'credit_card' }, as(payer))),
    );
    expect(payments.map((res) => res.status)).toEqual(payers.map(() => 201));

    for (const [i, payer] of payers.entries()) {
      const status = await eventually(
        `booking ${paid[i]!.id} PAID`,
        () => paymentOf(bookingGateway(i), payer, paid[i]!),
        (p) => p.booking.status === 'PAID',
        SETTLE_MS,
      );
      expect(status.transaction).toMatchObject({ status: 'SUCCEEDED', amount_cents: 2 * PRICE });
      expect(await moneyOf(paid[i]!)).toEqual({ charges: ['SUCCEEDED'], refunds: [] });
    }
    const soldIds = new Set(paid.flatMap((booking) => booking.seats.map((seat) => seat.id)));
    const sold = (await detailOf(gateways[1])).seats.filter((seat) => soldIds.has(seat.id));
    expect(sold.map((seat) => seat.status)).toEqual(Array.from({ length: 2 * PAYERS }, () => 'sold'));
    await expectMails(
      'a tickets email per payer',
      payers.map((payer, i) => [payer, paid[i]!, ['tickets']]),
    );
  });

  it('the cancellation saga: one refund and one email per payer, the holds cancelled with one email each', async () => {
    held = await Promise.all(
      holders.map(async (holder, i) =>
        dataOf<Booking>(await bookingGateway(i).post('/api/v1/bookings', { event_id: concert.id, quantity: 1 }, as(holder))),
      ),
    );
    const cancel = await gateways[1].delete(`/api/v1/admin/events/${concert.id}?reason=Replica%20test`, as(admin));
    expect(cancel.status).toBe(202);

    for (const [i, payer] of payers.entries()) {
      const refunded = await eventually(
        `booking ${paid[i]!.id} refunded`,
        () => paymentOf(payingGateway(i), payer, paid[i]!),
        (p) => p.booking.status === 'REFUNDED' && p.refund?.status === 'COMPLETED',
        SETTLE_MS,
      );
      expect(refunded.refund).toMatchObject({ amount_cents: 2 * PRICE, status: 'COMPLETED' });
      expect(await moneyOf(paid[i]!)).toEqual({ charges: ['REFUNDED'], refunds: ['COMPLETED'] });
    }
    for (const [i, holder] of holders.entries()) {
      const status = await eventually(
        `booking ${held[i]!.id} CANCELLED`,
        () => paymentOf(payingGateway(i), holder, held[i]!),
        (p) => p.booking.status === 'CANCELLED',
        SETTLE_MS,
      );
      expect(status).toMatchObject({ transaction: null, refund: null });
    }
    await expectMails('one email per person about the cancellation', [
      ...payers.map((payer, i): [Account, Booking, string[]] => [payer, paid[i]!, ['refund', 'tickets']]),
      ...holders.map((holder, i): [Account, Booking, string[]] => [holder, held[i]!, ['event cancelled']]),
    ]);
  });
});
