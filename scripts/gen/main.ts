import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { authSecretFromEnv, signToken } from '@o2c/kernel';
import { formatSummary, generate } from './generate';

const positiveInt =
  (name: string, min = 1) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
    return value;
  };

const program = new Command()
  .name('npm run gen --')
  .description(
    'Generates a seeded, realistic o2c portfolio through the real ingress of a running app (npm start): accounts by POST /accounts, then orders, deliveries and payments in time order.',
  )
  .option('--accounts <n>', 'accounts to open', positiveInt('--accounts'), 100_000)
  .option('--invoices <n>', 'orders, each delivered and invoiced', positiveInt('--invoices', 0), 1_000_000)
  .option('--seed <n>', 'the same seed and sizes give the same messages, byte for byte', positiveInt('--seed', 0), 1)
  .option('--months <n>', 'history length, ending at --today', positiveInt('--months'), 12)
  .option('--today <instant>', "end of the history, ISO 8601 (default: the app's GET /clock, else now)")
  .option('--target <url>', 'the running o2c app', 'http://127.0.0.1:3000')
  .option('--token <jwt>', 'bearer token with the roles publisher and credit_manager (default: O2C_TOKEN, else one signed as svc:generator with O2C_AUTH_SECRET or the demo secret of npm start)')
  .option('--kafka <brokers>', 'host:port[,host:port...]: publish orders and payments on the Kafka ingress topics instead (accounts still over HTTP)')
  .option('--concurrency <n>', 'HTTP requests in flight', positiveInt('--concurrency'), 16)
  .option('--batch <n>', 'messages per POST /ingress/batch, up to 1000 (1: one message per request; --settle-days sends one per request)', positiveInt('--batch'), 200)
  .option('--prefix <prefix>', 'prefix of every id (default g<seed>-)')
  .option(
    '--settle-days <n>',
    'every n simulated days (1-7), wait until accounts has recorded the invoices issued so far, as real time would allow: fewer orders held on stale exposure, slower (0: never)',
    positiveInt('--settle-days', 0),
    0,
  )
  .option('--max-behind <n>', "wait while the app's consumer groups are more than n messages behind in all (GET /health), until under n/2: the reacting contexts keep up and the app holds fewer messages", positiveInt('--max-behind'))
  .option('--dry-run', 'plan and print the summary, send nothing')
  .option('--no-progress', 'no progress bar')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  if (program.opts<{ batch: number }>().batch > 1000) program.error('--batch must be from 1 to 1000 (the largest POST /ingress/batch)');
  if (program.opts<{ settleDays: number }>().settleDays > 7) program.error('--settle-days must be from 0 to 7 (an invoice is never paid within 9 days of delivery, so it is still open at the settle point)');
  const o = program.opts<{
    accounts: number;
    invoices: number;
    seed: number;
    months: number;
    today?: string;
    target: string;
    token?: string;
    kafka?: string;
    concurrency: number;
    batch: number;
    prefix?: string;
    settleDays: number;
    maxBehind?: number;
    dryRun?: boolean;
    progress: boolean;
  }>();
  const summary = await generate({
    seed: o.seed,
    accounts: o.accounts,
    invoices: o.invoices,
    months: o.months,
    today: o.today,
    target: o.target,
    token: o.dryRun ? undefined : (o.token ?? process.env.O2C_TOKEN ?? (await signToken(authSecretFromEnv().config, { subject: 'svc:generator', roles: ['publisher', 'credit_manager'], expiresIn: '7d' }))),
    kafka: o.kafka ? o.kafka.split(',').map((b) => b.trim()).filter(Boolean) : undefined,
    concurrency: o.concurrency,
    batch: o.batch,
    prefix: o.prefix,
    settleDays: o.settleDays,
    maxBehind: o.maxBehind,
    dryRun: o.dryRun,
    progress: o.progress,
  });
  for (const line of formatSummary(summary)) console.log(line);
  process.exitCode = summary.errors.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
