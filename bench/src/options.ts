/**
 * Command line and the three sizes of a run: `full` (the default; the figures of the report),
 * `quick` (one run of each, smaller numbers) and `smoke` (every correctness check with tiny
 * numbers, seconds, no timing: what CI runs).
 */

export const SCENARIOS = ['onsale', 'browse', 'stadium', 'purchase', 'scale', 'login', 'footprint'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Profile {
  name: 'full' | 'quick' | 'smoke';
  /** Runs of each on-sale, raw-SQL and browse measurement; the report shows min/median/max. */
  runs: number;
  /** Customers registered (BCRYPT_COST=4) to share the hold attempts. */
  users: number;
  onsale: { rows: number; seatsPerRow: number; attempts: number; concurrency: number };
  /** Connections of the raw-SQL pool: booking's DB_POOL_SIZE. */
  rawPoolSize: number;
  browse: { connections: number; minMs: number; minRequests: number; maxMs: number; warmupMs: number; detailSeats: [rows: number, perRow: number] };
  /** Events in the catalog when browsing (the seed has 20). */
  catalogEvents: number;
  stadium: { rows: number; seatsPerRow: number; fetches: number; holdAttempts: number; concurrency: number };
  purchase: { buyers: number; perBuyer: number; quantity: number };
  /** holdAttempts: at most, per event size (fewer when seats / 4 is fewer). */
  scale: { midRows: number; midSeatsPerRow: number; manyEvents: number; listMs: number; fetches: number; holdAttempts: number };
  login: { cost: number; multiples: number[]; fixedCounts?: number[] };
  /** Browsing and holds beside the largest login burst, then holds at each plateau concurrency. */
  overload: { windowMs: number; rows: number; seatsPerRow: number; plateauConnections: number[] };
}

const FULL: Profile = {
  name: 'full',
  runs: 3,
  users: 500,
  onsale: { rows: 40, seatsPerRow: 25, attempts: 5_000, concurrency: 200 },
  rawPoolSize: 20,
  browse: { connections: 50, minMs: 5_000, minRequests: 20_000, maxMs: 20_000, warmupMs: 1_000, detailSeats: [12, 25] },
  catalogEvents: 20,
  stadium: { rows: 100, seatsPerRow: 500, fetches: 3, holdAttempts: 2_000, concurrency: 200 },
  purchase: { buyers: 20, perBuyer: 5, quantity: 2 },
  scale: { midRows: 100, midSeatsPerRow: 100, manyEvents: 10_000, listMs: 3_000, fetches: 3, holdAttempts: 500 },
  login: { cost: 12, multiples: [1, 3, 10] },
  overload: { windowMs: 5_000, rows: 40, seatsPerRow: 500, plateauConnections: [10, 100, 1_000] },
};

const QUICK: Profile = {
  ...FULL,
  name: 'quick',
  runs: 1,
  users: 200,
  onsale: { ...FULL.onsale, attempts: 2_000 },
  browse: { ...FULL.browse, minMs: 3_000, minRequests: 5_000, maxMs: 8_000 },
  stadium: { ...FULL.stadium, fetches: 2, holdAttempts: 1_000 },
  purchase: { ...FULL.purchase, perBuyer: 2 },
  scale: { ...FULL.scale, listMs: 1_500, fetches: 2 },
  login: { cost: 12, multiples: [1, 3] },
};

const SMOKE: Profile = {
  name: 'smoke',
  runs: 1,
  users: 24,
  onsale: { rows: 5, seatsPerRow: 8, attempts: 60, concurrency: 20 },
  rawPoolSize: 5,
  browse: { connections: 5, minMs: 200, minRequests: 50, maxMs: 2_000, warmupMs: 100, detailSeats: [3, 10] },
  catalogEvents: 3,
  stadium: { rows: 10, seatsPerRow: 20, fetches: 1, holdAttempts: 40, concurrency: 20 },
  purchase: { buyers: 4, perBuyer: 2, quantity: 2 },
  scale: { midRows: 10, midSeatsPerRow: 30, manyEvents: 200, listMs: 200, fetches: 1, holdAttempts: 40 },
  login: { cost: 4, multiples: [], fixedCounts: [4, 12] },
  overload: { windowMs: 500, rows: 10, seatsPerRow: 100, plateauConnections: [5, 20] },
};

export interface Options {
  profile: Profile;
  only: Set<ScenarioName>;
  /** Leave the run's database in place (for looking at it afterwards). */
  keepDatabase: boolean;
  /** Write bench/results/<date>.md and .json (not for the smoke). */
  writeResults: boolean;
  /** Every scenario of the full profile at its default run count: the report of record. */
  complete: boolean;
}

const USAGE = `usage: bash bench/run.sh [--smoke | --quick] [--runs N] [--only ${SCENARIOS.join(',')}] [--keep-db] [--results | --no-results]`;

export function parseOptions(argv: readonly string[]): Options {
  let profile = FULL;
  let runs: number | undefined;
  let only: ScenarioName[] = [...SCENARIOS];
  let keepDatabase = false;
  let writeResults: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--smoke') profile = SMOKE;
    else if (arg === '--quick') profile = QUICK;
    else if (arg === '--full') profile = FULL;
    else if (arg.startsWith('--runs')) runs = Number(value());
    else if (arg.startsWith('--only')) {
      only = value().split(',') as ScenarioName[];
      const unknown = only.filter((s) => !SCENARIOS.includes(s));
      if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
    } else if (arg === '--keep-db') keepDatabase = true;
    else if (arg === '--no-results') writeResults = false;
    else if (arg === '--results') writeResults = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (runs !== undefined) {
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer\n${USAGE}`);
    profile = { ...profile, runs };
  }
  const complete = profile.name === 'full' && runs === undefined && only.length === SCENARIOS.length;
  return { profile, only: new Set(only), keepDatabase, writeResults: writeResults ?? profile.name !== 'smoke', complete };
}

/**
 * What every service of the benchmark's stack is started with. Differences from the defaults of
 * scripts/start.sh, and why, are in SETTING_REASONS.
 */
export function stackSettings(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '10000',
    JWT_ISSUER: 'ticres-auth',
    JWT_AUDIENCE: 'ticres',
    MIGRATE_ON_START: 'false',
    GRPC_DEADLINE_MS: '5000',
    BCRYPT_COST: '4',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: '1000000',
    LOGIN_LIMIT_PER_ADDRESS: '1000000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000000',
    WRITE_LIMIT_PER_USER: '1000000',
    MAX_OPEN_HOLDS_PER_USER_PER_EVENT: '100',
    MAX_OPEN_HELD_SEATS_PER_USER: '100000',
    MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT: '1000000',
    HOLD_COOLDOWN_SECONDS: '0',
    REGISTER_LIMIT_PER_IP: '1000000',
    PROVIDER_LATENCY_MS: '0',
  };
}

export const SETTING_REASONS: Record<string, string> = {
  BCRYPT_COST: '4 (default 12) so registering the buyers does not dominate the on-sale; the login storm restarts auth with 12',
  ACCESS_TOKEN_TTL_SECONDS: '3600 (default 900) so no token expires during the run',
  LOGIN_LIMIT_PER_ACCOUNT_ADDRESS:
    '1000000 (default 5): the login storm logs the same accounts in repeatedly, many at once (auth counts an attempt while it is in flight)',
  LOGIN_LIMIT_PER_ADDRESS:
    "1000000 (default 20): the set-up signs the buyers up and in from one address (the load generator's callers each have their own)",
  LOGIN_LIMIT_PER_ACCOUNT: '1000000 (default 20 per 15 minutes): as the per-address limits',
  WRITE_LIMIT_PER_USER:
    '1000000 (default 60 per minute) so the write limit (booking counts each hold in Redis, as the gateway did before) never decides a hold',
  MAX_OPEN_HOLDS_PER_USER_PER_EVENT:
    "100, the most it may be (default 1): a buyer makes ~10 on-sale attempts per event and up to ~25 holds on the overload scenario's event, so the per-user limit never decides one",
  MAX_OPEN_HELD_SEATS_PER_USER: '100000 (default 20): a buyer keeps up to 100 holds of 1-4 seats open per event, so the per-person cap never decides one',
  MAX_HELD_SEATS_PER_ADDRESS_PER_EVENT:
    "1000000 (default 40): on, so every hold takes its address's lock and count as in production, but never decides one: the hold storm's 10 connections (5 in the smoke) hold hundreds of seats each on one event",
  HOLD_COOLDOWN_SECONDS: '0, off (default 60): the probe hold is cancelled and its buyer may hold on the event again at once',
  REGISTER_LIMIT_PER_IP: '1000000 (default 10 per hour, counted by auth): the set-up signs every buyer up from one address',
  PROVIDER_LATENCY_MS: '0 (default 50): the purchase measures TicRes, not the simulated provider',
};
