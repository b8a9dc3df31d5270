import { createGrpcHealthClient } from '@ticres/shared';
import type { catalogV1 } from '@ticres/proto';
import { CATALOG_SERVICE_NAME } from '../src/catalog-service';
import { outboxRows } from './support/catalog-database';
import { fieldsOf, rejectionOf } from './support/failures';
import { startTestStack, type TestStack } from './support/stack';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const createRequest = (overrides: Partial<catalogV1.CreateEventRequest> = {}): catalogV1.CreateEventRequest => ({
  name: 'Java Jazz Festival',
  description: 'Three nights of jazz.',
  location: 'Jakarta',
  starts_at: inDays(30),
  currency: '',
  sections: [
    { name: 'VIP', price_cents: 200_000_000, rows: 2, seats_per_row: 10 },
    { name: 'Festival', price_cents: 75_000_000, capacity: 100 },
  ],
  ...overrides,
});

const listRequest = (overrides: Partial<catalogV1.ListEventsRequest> = {}): catalogV1.ListEventsRequest => ({ ...overrides });

describe('CatalogService over gRPC, with the real auth service', () => {
  let stack: TestStack;
  type Account = Awaited<ReturnType<TestStack['signUp']>>;
  let customer: Account;
  let organizer: Account;
  let otherOrganizer: Account;
  let admin: Account;

  beforeAll(async () => {
    stack = await startTestStack();
    customer = await stack.signUp('customer');
    organizer = await stack.signUp('organizer');
    otherOrganizer = await stack.signUp('organizer');
    admin = await stack.signUp('admin');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = () => stack.catalog.call;

  it('reports SERVING on grpc.health.v1 once its database and broker are reachable', async () => {
    const health = createGrpcHealthClient(`127.0.0.1:${stack.catalogService.port}`, 1_000);
    try {
      // The broker connection opens in the background: NOT_SERVING until a health check (every
      // HEALTH_CHECK_INTERVAL_MS, 2 s) has seen it; it must then turn SERVING.
      const deadline = Date.now() + 10_000;
      let status = await health.check(CATALOG_SERVICE_NAME);
      while (status !== 'SERVING' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = await health.check(CATALOG_SERVICE_NAME);
      }
      expect(status).toBe('SERVING');
    } finally {
      health.close();
    }
  });

  it('refuses a write without a valid token with UNAUTHENTICATED, and a customer with FORBIDDEN', async () => {
    expect((await rejectionOf(call().CreateEvent(createRequest()))).code).toBe('UNAUTHENTICATED');
    expect((await rejectionOf(call().CreateEvent(createRequest(), { token: 'not.a.token' }))).code).toBe('UNAUTHENTICATED');
    expect((await rejectionOf(call().CreateEvent(createRequest(), { token: customer.token }))).code).toBe('FORBIDDEN');
  });

  it('lets an organizer create an event, readable by anyone', async () => {
    const event = await call().CreateEvent(createRequest({ name: 'Organizer Night' }), { token: organizer.token });
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Organizer Night',
      description: 'Three nights of jazz.',
      location: 'Jakarta',
      starts_at: expect.stringMatching(/Z$/),
      currency: 'IDR',
      status: 'available',
      organizer_id: organizer.userId,
      capacity: 120,
      sections: [
        { name: 'VIP', price_cents: 200_000_000, rows: 2, seats_per_row: 10, capacity: 20 },
        { name: 'Festival', price_cents: 75_000_000, rows: 0, seats_per_row: 0, capacity: 100 },
      ],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    await expect(call().GetEvent({ id: event.id })).resolves.toEqual(event);
  });

  it('lets only the owning organizer or an admin update, and reads each optional field by presence', async () => {
    const event = await call().CreateEvent(createRequest({ name: 'Owned', description: 'keep me' }), { token: organizer.token });

    const stranger = await rejectionOf(call().UpdateEvent({ id: event.id, name: 'Hijacked' }, { token: otherOrganizer.token }));
    expect(stranger.code).toBe('FORBIDDEN');

    const renamed = await call().UpdateEvent({ id: event.id, name: 'Owned and renamed' }, { token: organizer.token });
    expect(renamed).toMatchObject({ name: 'Owned and renamed', description: 'keep me' });

    const cleared = await call().UpdateEvent(
      { id: event.id, description: '', add_sections: [{ name: 'Balcony', price_cents: 1_000, capacity: 10 }] },
      { token: admin.token },
    );
    expect(cleared).toMatchObject({ name: 'Owned and renamed', description: '', capacity: 130 });
    expect(cleared.sections.map((s) => s.name)).toEqual(['VIP', 'Festival', 'Balcony']);

    expect((await rejectionOf(call().UpdateEvent({ id: '0190a0a0-0000-7000-8000-000000000000', name: 'x' }, { token: admin.token }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejectionOf(call().UpdateEvent({ id: 'nope', name: 'x' }, { token: admin.token }))).code).toBe('VALIDATION_FAILED');
  });

  it('lets an admin cancel, writing event.cancelled to the outbox, and refuses everyone else', async () => {
    const event = await call().CreateEvent(createRequest({ name: 'To Be Cancelled' }), { token: organizer.token });
    expect((await rejectionOf(call().CancelEvent({ id: event.id, reason: 'mine' }, { token: organizer.token }))).code).toBe('FORBIDDEN');

    const cancelled = await call().CancelEvent({ id: event.id, reason: 'Venue unavailable' }, { token: admin.token });
    expect(cancelled).toMatchObject({ id: event.id, status: 'cancelled' });
    await expect(call().GetEvent({ id: event.id })).resolves.toMatchObject({ status: 'cancelled' });
    await expect(call().CancelEvent({ id: event.id, reason: 'again' }, { token: admin.token })).resolves.toMatchObject({ status: 'cancelled' });

    const rows = (await outboxRows(stack.db.pool, event.id)).filter((row) => row.type === 'event.cancelled');
    expect(rows.map((row) => row.payload)).toEqual([{ event_id: event.id, reason: 'Venue unavailable', cancelled_at: expect.stringMatching(/Z$/) }]);
    expect((await rejectionOf(call().UpdateEvent({ id: event.id, name: 'Revived' }, { token: admin.token }))).code).toBe('EVENT_NOT_AVAILABLE');
  });

  it('lists, searches, filters and pages publicly', async () => {
    const tag = `Tour${Date.now()}`;
    const created = [];
    for (let i = 0; i < 5; i += 1) {
      created.push(
        await call().CreateEvent(createRequest({ name: `${tag} night ${i}`, location: i === 4 ? 'Bali 50%' : 'Bandung', starts_at: inDays(10 + i) }), {
          token: organizer.token,
        }),
      );
    }
    await call().CancelEvent({ id: created[1]!.id, reason: '' }, { token: admin.token });

    const all = await call().ListEvents(listRequest({ search: tag.toLowerCase() }));
    expect(all).toMatchObject({ total: 5, page: 1, limit: 20 });
    expect(all.events.map((e) => e.id)).toEqual(created.map((e) => e.id));

    const second = await call().ListEvents(listRequest({ search: tag, page: 2, limit: 2 }));
    expect(second).toMatchObject({ total: 5, page: 2, limit: 2 });
    expect(second.events.map((e) => e.id)).toEqual([created[2]!.id, created[3]!.id]);

    const available = await call().ListEvents(listRequest({ search: tag, status: 'available' }));
    expect(available.total).toBe(4);
    const cancelled = await call().ListEvents(listRequest({ search: tag, status: 'cancelled' }));
    expect(cancelled.events.map((e) => e.id)).toEqual([created[1]!.id]);

    const ranged = await call().ListEvents(listRequest({ search: tag, from: created[2]!.starts_at, to: created[3]!.starts_at }));
    expect(ranged.events.map((e) => e.id)).toEqual([created[2]!.id, created[3]!.id]);

    const wildcard = await call().ListEvents(listRequest({ search: '50%' }));
    expect(wildcard.events.map((e) => e.id)).toEqual([created[4]!.id]);
  });

  it('answers bad input with VALIDATION_FAILED naming each field', async () => {
    const create = await rejectionOf(
      call().CreateEvent(
        createRequest({
          name: '',
          starts_at: '2020-01-01T00:00:00Z',
          currency: 'idr',
          sections: [{ name: 'A/B', price_cents: -1, rows: 1, seats_per_row: 1, capacity: 1 }],
        }),
        { token: organizer.token },
      ),
    );
    expect(create.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(create)).toEqual(['name', 'starts_at', 'currency', 'sections[0].name', 'sections[0].price_cents', 'sections[0]']);

    const list = await rejectionOf(call().ListEvents(listRequest({ limit: 101, page: -1, status: 'sold', from: 'yesterday' })));
    expect(list.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(list)).toEqual(['page', 'limit', 'status', 'from']);

    expect(fieldsOf(await rejectionOf(call().GetEvent({ id: 'x' })))).toEqual(['id']);
    expect((await rejectionOf(call().GetEvent({ id: '0190a0a0-0000-7000-8000-000000000000' }))).code).toBe('NOT_FOUND');
  });

  it('turns NOT_SERVING as the first shutdown step', async () => {
    await stack.catalogService.shutdownSteps[0]!.run();
    const health = createGrpcHealthClient(`127.0.0.1:${stack.catalogService.port}`, 1_000);
    try {
      await expect(health.check(CATALOG_SERVICE_NAME)).resolves.toBe('NOT_SERVING');
    } finally {
      health.close();
    }
  });
});
