/**
 * Lists and replays the messages a consuming service parked in `<AMQP_QUEUE>.dead`, connecting as
 * that service's own broker user (its AMQP_URL). Each consuming service runs it as `dlq`:
 *
 *   pnpm --filter @ticres/booking run dlq -- list
 *   pnpm --filter @ticres/booking run dlq -- replay --id <message id> [--id <message id> ...]
 *   pnpm --filter @ticres/booking run dlq -- replay --all
 *
 * The first argument (given by the service's package script) names the service, for the defaults
 * of AMQP_URL and AMQP_QUEUE; `--queue` overrides AMQP_QUEUE. `list` prints one JSON object per
 * parked message; `replay` prints what it replayed, refused and did not find, and exits 1 unless it
 * replayed everything asked for. See the README's "Dead-lettered messages".
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { consumerConfigShape, env, exitOnConfigError, loadConfig } from '../config';
import { CONSUMING_SERVICES, type ConsumingService } from './broker-permissions';
import { listDeadLetters, replayDeadLetters, type DeadLetterQueue } from './dead-letters';
import { defaultBrokerUser } from './event-publishers';

const USAGE = `usage: dlq list [--queue <queue>]
       dlq replay (--id <message id>... | --all) [--queue <queue>]`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(code);
}

const [service, ...rest] = process.argv.slice(2);
if (!(CONSUMING_SERVICES as readonly string[]).includes(service ?? '')) {
  fail(`dlq: the first argument must be a consuming service (${CONSUMING_SERVICES.join(', ')})`);
}
const consumer = service as ConsumingService;

let args: ReturnType<typeof parseCommand>;
function parseCommand() {
  return parseArgs({
    args: rest,
    allowPositionals: true,
    options: { queue: { type: 'string' }, id: { type: 'string', multiple: true }, all: { type: 'boolean' } },
  });
}
try {
  args = parseCommand();
} catch (error) {
  fail(`dlq: ${(error as Error).message}`);
}
const [command, ...extra] = args.positionals;
if (extra.length > 0) fail(`dlq: unexpected ${extra.join(' ')}`);

const config = exitOnConfigError(() =>
  loadConfig({
    AMQP_URL: env.url().default(`amqp://${defaultBrokerUser(consumer)}:${defaultBrokerUser(consumer)}@127.0.0.1:5672`),
    AMQP_QUEUE: z.string().min(1).default(consumer),
    AMQP_PUBLISHER_USERS: consumerConfigShape.AMQP_PUBLISHER_USERS,
  }),
);
const target: DeadLetterQueue = { url: config.AMQP_URL, queue: args.values.queue ?? config.AMQP_QUEUE, publishers: config.AMQP_PUBLISHER_USERS };
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function run(): Promise<number> {
  if (command === 'list') {
    if (args.values.id || args.values.all) fail('dlq: list takes no --id or --all');
    for (const letter of await listDeadLetters(target)) print(letter);
    return 0;
  }
  if (command === 'replay') {
    const ids = args.values.id ?? [];
    if (args.values.all === ids.length > 0) fail('dlq: replay needs either --id (one or more) or --all');
    const outcome = await replayDeadLetters(target, args.values.all ? 'all' : ids);
    print(outcome);
    return outcome.refused.length + outcome.notFound.length === 0 ? 0 : 1;
  }
  return fail(command === undefined ? 'dlq: which command?' : `dlq: unknown command ${command}`);
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
