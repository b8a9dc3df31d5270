import { randomBytes } from 'node:crypto';
import { createAdmin, createWithRole, registerAndLogin } from '../accounts';
import { eventually } from '../eventually';
import { apiClient, dataOf, type Booking, type Event, type EventDetail } from '../http';
import { UNLIMITED_LOGINS } from '../login-limits';
import { startStack, type Stack } from '../stack';
import type { FuzzWorld } from './http-requests';

/**
 * Limits that would answer most fuzzed requests 429 (and so hide what lies behind them) raised;
 * a 429 is still a valid answer. The hold cool-down and per-user hold limits stay on: refusals
 * the fuzz reaches like any other.
 */
const FUZZ_LIMITS = { WRITE_LIMIT_PER_USER: '1000000' };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The stack the fuzz suites run against, with its rate limits raised. */
export const startFuzzStack = (): Promise<Stack> =>
  startStack({ env: FUZZ_LIMITS, authEnv: UNLIMITED_LOGINS, bookingEnv: { HOLD_COOLDOWN_SECONDS: '0' } });

/**
 * A customer, an organizer and an admin with their tokens; two events with seats; a pending
 * booking of the customer's and one of a bystander's, whose id is the only user id the fuzz
 * knows (so a role change it makes never revokes its own tokens): the ids valid-looking requests
 * use.
 */
export async function createFuzzWorld(stack: Stack): Promise<FuzzWorld> {
  const api = apiClient(stack.baseUrl);
  const [customer, organizer, admin, bystander] = await Promise.all([
    registerAndLogin(api, 'fuzz-customer'),
    createWithRole(api, stack.sql, 'organizer', 'fuzz-organizer'),
    createAdmin(api, stack.sql, 'fuzz-admin'),
    registerAndLogin(api, 'fuzz-bystander'),
  ]);
  const as = { token: organizer.tokens.access_token };
  const events = await Promise.all(
    [1, 2].map(async (n) =>
      dataOf<Event>(
        await api.post(
          '/api/v1/events',
          {
            name: `Fuzz ${n} ${randomBytes(3).toString('hex')}`,
            location: 'Jakarta',
            starts_at: inDays(30),
            currency: 'IDR',
            sections: [
              { name: 'VIP', price_cents: 150_000, rows: 2, seats_per_row: 5 },
              { name: 'GA', price_cents: 50_000, capacity: 40 },
            ],
          },
          as,
        ),
      ),
    ),
  );
  const seats = (
    await Promise.all(
      events.map(async (event) =>
        eventually(
          `seats of ${event.id}`,
          async () => dataOf<EventDetail>(await api.get(`/api/v1/events/${event.id}`)).seats,
          (list) => list.length === 50,
        ),
      ),
    )
  ).flat();
  const [booking, bystanderBooking] = await Promise.all(
    [customer, bystander].map(async (account, n) =>
      dataOf<Booking>(await api.post('/api/v1/bookings', { event_id: events[n]!.id, quantity: 2 }, { token: account.tokens.access_token })),
    ),
  );

  const ids: Record<string, string[]> = {
    event_id: events.map((event) => event.id),
    seat_ids: seats.map((seat) => seat.id).slice(0, 20),
    booking_id: [booking!.id, bystanderBooking!.id],
    user_id: [bystander.user.id],
  };
  const everyId = Object.values(ids).flat();
  return {
    tokens: { customer: customer.tokens.access_token, organizer: organizer.tokens.access_token, admin: admin.tokens.access_token },
    idsFor: (field) => ids[field] ?? everyId,
  };
}
