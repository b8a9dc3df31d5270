import { createLogger } from '@ticres/shared';
import type { CreateEventBody, SeedApi } from './api-client';
import type { SampleEvent } from './sample-events';
import { seedEvents } from './seed-events';

const sample = (name: string): SampleEvent => ({
  name,
  location: 'Jakarta',
  seats: 20,
  price_idr: 100_000,
  category: 'regular',
  starts_in: { months: 1, days: 0 },
});

/** An API over an in-memory list of event names. */
function fakeApi(existing: string[]) {
  const names = [...existing];
  const api: jest.Mocked<SeedApi> = {
    waitUntilReady: jest.fn(async (_timeoutMs: number) => undefined),
    login: jest.fn(async (_email: string, _password: string) => 'admin-token'),
    eventExists: jest.fn(async (name: string) => names.includes(name)),
    createEvent: jest.fn(async (body: CreateEventBody, _token: string) => {
      names.push(body.name);
      return { id: `id-${names.length}` };
    }),
  };
  return { api, names };
}

const run = (api: SeedApi, samples: SampleEvent[]) =>
  seedEvents({
    api,
    logger: createLogger({ service: 'seed-test', level: 'silent' }),
    samples,
    admin: { email: 'admin@ticres.com', password: 'admin123' },
    now: new Date('2026-03-10T08:00:00Z'),
  });

describe('seedEvents', () => {
  it('creates, as the admin, every sample event that does not exist yet', async () => {
    const { api } = fakeApi(['B']);
    expect(await run(api, [sample('A'), sample('B'), sample('C')])).toEqual({ created: 2, skipped: 1 });
    expect(api.login).toHaveBeenCalledWith('admin@ticres.com', 'admin123');
    expect(api.createEvent.mock.calls.map(([body, token]) => [body.name, token])).toEqual([
      ['A', 'admin-token'],
      ['C', 'admin-token'],
    ]);
  });

  it('creates nothing the second time', async () => {
    const { api } = fakeApi([]);
    const samples = [sample('A'), sample('B')];
    await run(api, samples);
    expect(await run(api, samples)).toEqual({ created: 0, skipped: 2 });
    expect(api.createEvent).toHaveBeenCalledTimes(2);
  });
});
