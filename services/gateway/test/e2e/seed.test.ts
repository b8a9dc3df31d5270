import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiClient, dataOf, pageOf, type ApiClient, type Event, type Tokens, type User } from '../support/http';
import { runNode } from '../support/processes';
import { baseEnv, REPO_ROOT, startStack, type Stack } from '../support/stack';

const SEED_ADMIN = path.join(REPO_ROOT, 'services/auth/dist/seed-admin.js');
const SEED_EVENTS = path.join(REPO_ROOT, 'tools/seed/dist/main.js');
const SAMPLE_FILE = path.join(REPO_ROOT, 'tools/seed/sample-events.json');
const ADMIN = { email: 'admin@ticres.com', password: 'e2e-admin-password' };

interface Sample {
  name: string;
  location: string;
  seats: number;
  price_idr: number;
}

describe('e2e: pnpm run seed (the admin account, then the sample events through the API)', () => {
  let stack: Stack;
  let api: ApiClient;
  let samples: Sample[];

  beforeAll(async () => {
    stack = await startStack();
    api = apiClient(stack.baseUrl);
    samples = (JSON.parse(await readFile(SAMPLE_FILE, 'utf8')) as { events: Sample[] }).events;
  }, 60_000);
  afterAll(() => stack?.stop(), 30_000);

  async function seed(): Promise<void> {
    const env = {
      ...baseEnv(),
      DATABASE_URL: stack.databaseUrlOf('auth'),
      BCRYPT_COST: '4',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      GATEWAY_URL: stack.baseUrl,
    };
    await runNode('seed admin', SEED_ADMIN, env, REPO_ROOT);
    await runNode('seed events', SEED_EVENTS, env, REPO_ROOT);
  }

  const allEvents = async () => pageOf<Event>(await api.get('/api/v1/events?limit=100'));

  it('creates an admin who can log in, and every sample event with its exact seat count and price', async () => {
    await seed();

    const tokens = dataOf<Tokens>(await api.post('/api/v1/login', ADMIN));
    const me = dataOf<User>(await api.get('/api/v1/me', { token: tokens.access_token }));
    expect(me).toMatchObject({ email: ADMIN.email, name: 'TicRes Admin', role: 'admin' });

    const { data, meta } = await allEvents();
    expect(meta.total).toBe(samples.length);
    expect(data.map((e) => e.name).sort()).toEqual(samples.map((s) => s.name).sort());
    for (const sample of samples) {
      const event = data.find((e) => e.name === sample.name)!;
      expect(event).toMatchObject({
        location: sample.location,
        currency: 'IDR',
        status: 'available',
        organizer_id: me.id,
        capacity: sample.seats,
      });
      expect(event.sections).toHaveLength(1);
      expect(event.sections[0]).toMatchObject({ price_cents: sample.price_idr * 100, capacity: sample.seats });
      expect(Date.parse(event.starts_at)).toBeGreaterThan(Date.now());
    }
  });

  it('creates nothing more when run again', async () => {
    await seed();
    expect((await allEvents()).meta.total).toBe(samples.length);
    const { rows } = await stack.sql.query<{ n: string }>(/* sql */ `SELECT count(*) AS n FROM auth.users WHERE lower(email) = lower($1)`, [ADMIN.email]);
    expect(Number(rows[0]!.n)).toBe(1);
  });
});
