/**
 * `npm run bench:worklist` (issue 6): the collector worklist and the daily run on the portfolio of `npm run gen`.
 *
 * Collections runs alone in process (createHttpApp with the collections context, in-process transport,
 * ManualClock at TODAY) on an embedded PostgreSQL started here. It is seeded through its real entry points
 * at bulk speed: the published contract messages accounts and invoicing would publish for the generated
 * portfolio (scripts/gen: buildPortfolio and planOrder, the same seeded model) are fed to collections' own
 * consumer groups (`o2c.collections.accounts`, `o2c.collections.invoicing`) through runMessageConsumer, the
 * function that runs them on Kafka, in big batches (each batch, its handled-message records and its effects in
 * one transaction, accounts side by side), from a transport that streams the messages from the generator
 * (memory stays flat) instead of a broker. Messages: AccountOpened per account; per order, InvoiceIssued on
 * its delivery (INV-<orderId>, due date from the terms), PaymentApplied per payment received and
 * PaymentReversed per reversal, applied to the order's own invoice (what invoicing does with a remittance
 * reference; invoicing allocates unreferenced payments oldest first, which may pick another invoice of the
 * account), each with the open amount after it; nothing after TODAY.
 *
 * `--history open` (BENCH_HISTORY, default `full`) is a shortcut for a loaded machine: it leaves out every message of
 * the invoices settled by TODAY (issued, paid in full, never reopened): at seed 1, 2,000 accounts, 34,151 of the
 * 38,211 invoicing messages (16,616 of 20,000 invoices). No decision of the timed runs should depend on them (the
 * run, the score and the assignment look at open invoices only, and the seed has no promise or plan for past payments
 * to judge; not yet checked run against run), but case streams are shorter (a case read from the store costs less)
 * and the store holds fewer events: the JSON says which history was seeded; compare like with like.
 *
 * Then, timed: the daily run of TODAY (the first one: every case is new, all are decided), then the runs of
 * the next BENCH_DAYS days (each decides only the cases due that day: schedulerRunSec is the slowest of these; the
 * first run is held to the same 60 s in targets.firstRunSec),
 * each through POST /collections/runs. Then worklist pages by HTTP (GET /collections/worklist, 50 rows, a
 * random collector with rows, a random page among its first five, a random date among the run dates), one
 * request at a time, against the same page by the same SQL straight on PostgreSQL (the baseline).
 * Prints progress, then one JSON object on its last line.
 *
 * The decider caches keep the whole portfolio (O2C_STREAM_CACHE_STREAMS = accounts + 20% + 1,000 unless set; the
 * JSON's streamCacheStreams): with the default 10,000 the first run read and folded 90% of the case streams again.
 *
 * Sizes: BENCH_ACCOUNTS (100000), BENCH_INVOICES (1000000), BENCH_SEED (1), BENCH_DAYS (2), BENCH_PAGES
 * (2000), BENCH_MEMBERS (4 consumer members per group), BENCH_HISTORY (full), BENCH_RUN_CONCURRENCY (cases the run decides
 * at a time; the app's default, 512, unless set), or --accounts/--invoices/--seed/--days/--pages/--members/--history/
 * --run-concurrency.
 * DATABASE_URL uses that server instead of an embedded one.
 *
 * Where the time goes: each run and the pages report the CPU milliseconds of this process and of the embedded
 * PostgreSQL (its backends, from /proc) they took (`cpuMs`); BENCH_PG_STATS=1 loads pg_stat_statements and prints
 * the costliest statements of the runs and of the pages; BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each
 * (`<dir>/runs.cpuprofile`, `<dir>/pages.cpuprofile`; summarise with bench/support/profile-summary.js).
 */
import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { CollectionsRuntime, collectionsContext, collectionsOptionsFromEnv, worklistPageSql, worklistProjection } from '@o2c/collections';
import type { AccountOpenedV1, InvoiceIssuedV1, PaymentAppliedV1, PaymentReversedV1, PublishedEvent } from '@o2c/contracts';
import { topicOf, type BoundedContext } from '@o2c/contracts';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { ManualClock } from '@o2c/kernel';
import {
  READ_MODEL_DATA_SOURCE,
  runMessageConsumer,
  toOutgoing,
  type ConsumerDefinition,
  type IncomingMessage,
  type MessageBatchHandler,
  type MessageTransport,
  type PartitionLag,
  type RunningConsumer,
} from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createHttpApp } from '../../apps/o2c/src/http-app';
import type { GeneratedAccount } from '../../scripts/gen/accounts';
import { DAY, lineTotalMinor, type OrderPlan } from '../../scripts/gen/orders';
import { buildPortfolio, type Portfolio } from '../../scripts/gen/portfolio';
import { benchDatabase } from '../support/database';
import { benchAuth, benchAuthorization } from '../support/auth';
import { cpuProfile } from '../support/cpu-profile';
import { cpuMsOfTree, ownCpuMs } from '../support/process-cpu';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ACCOUNTS = Number(arg('accounts') ?? process.env.BENCH_ACCOUNTS ?? 100_000);
const INVOICES = Number(arg('invoices') ?? process.env.BENCH_INVOICES ?? 1_000_000);
const SEED = Number(arg('seed') ?? process.env.BENCH_SEED ?? 1);
const DAYS = Number(arg('days') ?? process.env.BENCH_DAYS ?? 2);
const PAGES = Number(arg('pages') ?? process.env.BENCH_PAGES ?? 2000);
const MEMBERS = Number(arg('members') ?? process.env.BENCH_MEMBERS ?? 4);
const HISTORY = arg('history') ?? process.env.BENCH_HISTORY ?? 'full';
const PG_STATS = process.env.BENCH_PG_STATS === '1';
/** Cases the daily run decides at a time (collections' runConcurrency); unset, the app's default. */
const RUN_CONCURRENCY = arg('run-concurrency') ?? process.env.BENCH_RUN_CONCURRENCY;
const CPU_PROF = process.env.BENCH_CPU_PROF || undefined;
if (HISTORY !== 'full' && HISTORY !== 'open') throw new Error(`--history is full or open, not "${HISTORY}"`);
const MONTHS = 12;
const TODAY = '2026-11-25';
const BATCH = 2000;
const PAGE_SIZE = 50;

const REGIONS = ['Île-de-France', 'Auvergne-Rhône-Alpes', 'Nouvelle-Aquitaine', 'Occitanie', 'Hauts-de-France', 'Provence-Alpes-Côte d’Azur', 'Grand Est', 'Pays de la Loire', 'Bretagne', 'Normandie', 'Bourgogne-Franche-Comté', 'Centre-Val de Loire'];
const SEGMENTS = ['standard', 'new', 'small_amounts', 'strategic', 'repeat_late_payer', 'sure_not_to_pay'] as const;
/** Many collectors: one per (region, segment), one team per region, the rest (abroad) to one collector. */
const ASSIGNMENT = [
  ...REGIONS.flatMap((region, r) => SEGMENTS.map((segment) => ({ ruleId: `r${r}-${segment}`, region, segment, collectorId: `col-r${r}-${segment}`, team: `team-r${r}` }))),
  { ruleId: 'abroad', collectorId: 'col-abroad', team: 'team-abroad' },
];

const log = (line: string) => console.log(`[bench:worklist] ${line}`);
const keepAlive = new Agent({ keepAlive: true });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const dateOf = (at: number): string => new Date(at).toISOString().slice(0, 10);
const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round2 = (n: number) => Math.round(n * 100) / 100;

function rssSampler(): { peak: () => number; stop: () => void } {
  // process.memoryUsage.rss(), not process.memoryUsage(): the latter walks the heap's spaces (seconds of CPU over a long run).
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  return { peak: () => Math.max(peak, process.memoryUsage.rss()), stop: () => clearInterval(timer) };
}

let sourcePosition = 0;
function published<Data>(context: BoundedContext, type: string, key: string, messageId: string, at: number, data: Data): PublishedEvent<string, Data> {
  return {
    type,
    schemaVersion: 1,
    context,
    key,
    data,
    metadata: { messageId, correlationId: messageId, causationId: messageId, actor: `svc:${context}`, occurredAt: new Date(at).toISOString(), sourceStream: `bench-${context}-${key}`, sourcePosition: String(++sourcePosition) },
  };
}

/** What accounts publishes when it opens the generated account. */
function accountOpened(account: GeneratedAccount, at: number): PublishedEvent {
  const o = account.opening;
  const data: AccountOpenedV1 = {
    accountId: o.accountId,
    legalName: o.legalName,
    kind: o.kind,
    segment: o.segment,
    ...(o.siren ? { siren: o.siren } : {}),
    ...(o.siret ? { siret: o.siret } : {}),
    currency: o.currency,
    paymentTermsDays: o.paymentTermsDays,
    creditLimitMinor: o.expectedMonthlyVolumeMinor ?? 0,
    contacts: o.contacts,
    ...(o.region ? { region: o.region } : {}),
    openedAt: new Date(at).toISOString(),
    country: o.country,
  };
  return published('accounts', 'AccountOpened', o.accountId, `${o.accountId}.opened`, at, data);
}

/**
 * What invoicing publishes for one order up to today: the invoice on delivery, each payment applied, each reversal;
 * with the open amount after each. With `openOnly`, nothing for an invoice settled by today (see the header).
 */
function invoicingMessages(plan: OrderPlan, today: number, openOnly: boolean): { at: number; event: PublishedEvent }[] {
  const accountId = plan.account.opening.accountId;
  const invoiceId = `INV-${plan.orderId}`;
  const out: { at: number; event: PublishedEvent }[] = [];
  let open = plan.totalMinor;
  const netMinor = plan.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  for (const event of plan.events) {
    if (event.at > today) continue;
    if (event.kind === 'delivered') {
      const data: InvoiceIssuedV1 = {
        invoiceId,
        accountId,
        orderId: plan.orderId,
        currency: 'EUR',
        lines: plan.lines.map((l) => {
          const net = l.quantity * l.unitPriceMinor;
          return { ...l, netMinor: net, taxMinor: lineTotalMinor(l) - net };
        }),
        netMinor,
        taxMinor: plan.totalMinor - netMinor,
        totalMinor: plan.totalMinor,
        issuedOn: dateOf(event.at),
        dueOn: dateOf(plan.dueDay),
        openAmountMinor: open,
      };
      out.push({ at: event.at, event: published('invoicing', 'InvoiceIssued', accountId, `${invoiceId}.issued`, event.at, data) });
    } else if (event.kind === 'received') {
      const applied = Math.min(open, event.amountMinor);
      if (applied <= 0) continue;
      open -= applied;
      const data: PaymentAppliedV1 = { invoiceId, accountId, paymentId: event.paymentId, amountMinor: applied, currency: 'EUR', receivedOn: dateOf(event.at), openAmountMinor: open };
      out.push({ at: event.at, event: published('invoicing', 'PaymentApplied', accountId, `${event.paymentId}.applied`, event.at, data) });
    } else if (event.kind === 'reversed') {
      open += event.amountMinor;
      const data: PaymentReversedV1 = { invoiceId, accountId, paymentId: event.paymentId, amountMinor: event.amountMinor, currency: 'EUR', reason: event.reason, openAmountMinor: open };
      out.push({ at: event.at, event: published('invoicing', 'PaymentReversed', accountId, `${event.paymentId}.reversed`, event.at, data) });
    }
  }
  return openOnly && open === 0 ? [] : out;
}

/**
 * A transport that hands one consumer member the messages of its share of the accounts, streamed from the
 * generator a batch at a time (each account's messages in order, many accounts per batch), then reports
 * drained. Dead letters (publish) are kept: the bench fails on any.
 */
class GeneratedFeed implements MessageTransport {
  readonly kind = 'in-process' as const;
  readonly deadLetters: { topic: string; headers: Readonly<Record<string, string>> }[] = [];
  private readonly drainedSignal: Promise<void>;
  private resolveDrained!: () => void;
  private offset = 0;
  delivered = 0;

  constructor(
    private readonly topic: string,
    private readonly messages: Iterator<PublishedEvent>,
  ) {
    this.drainedSignal = new Promise((resolve) => (this.resolveDrained = resolve));
  }

  drained(): Promise<void> {
    return this.drainedSignal;
  }

  async ensureTopics(): Promise<void> {}

  async publish(topic: string, messages: readonly { headers?: Readonly<Record<string, string>> }[]): Promise<void> {
    for (const m of messages) this.deadLetters.push({ topic, headers: m.headers ?? {} });
  }

  async consume(_options: unknown, handler: MessageBatchHandler): Promise<RunningConsumer> {
    let stopped = false;
    const loop = async (): Promise<void> => {
      for (;;) {
        const batch: IncomingMessage[] = [];
        while (batch.length < BATCH) {
          const next = this.messages.next();
          if (next.done) break;
          const outgoing = toOutgoing(next.value);
          batch.push({ topic: this.topic, partition: 0, offset: String(this.offset++), key: outgoing.key, value: outgoing.value, headers: outgoing.headers ?? {}, timestamp: Date.now() });
        }
        if (batch.length) {
          await handler(batch);
          this.delivered += batch.length;
        }
        if (batch.length < BATCH) break;
        if (stopped) return;
      }
      this.resolveDrained();
      while (!stopped) await sleep(100);
    };
    const done = loop();
    return {
      done,
      stop: async () => {
        stopped = true;
        await done;
      },
    };
  }

  async lag(): Promise<PartitionLag[]> {
    throw new Error('a generated feed does not know how many messages are still to come');
  }

  async close(): Promise<void> {}
}

/** Orders grouped by account (CSR arrays), so one account's messages can be generated together. */
function ordersByAccount(portfolio: Portfolio): (account: number) => number[] {
  const n = portfolio.accounts.length;
  const start = new Uint32Array(n + 1);
  for (const a of portfolio.orderAccount) start[a + 1] += 1;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const orders = new Uint32Array(portfolio.orderAccount.length);
  portfolio.orderAccount.forEach((a, i) => (orders[fill[a]++] = i));
  return (account) => Array.from(orders.subarray(start[account], start[account + 1]));
}

/** Feeds one consumer group from MEMBERS members, each taking every MEMBERS-th account; resolves when all are drained. */
async function feed(definition: ConsumerDefinition<unknown>, dataSource: DataSource, messagesOf: (member: number) => Iterator<PublishedEvent>, topic: string, progress: (n: number) => void): Promise<{ messages: number; deadLetters: number }> {
  const feeds = Array.from({ length: MEMBERS }, (_, m) => new GeneratedFeed(topic, messagesOf(m)));
  const consumers = await Promise.all(feeds.map((transport) => runMessageConsumer(definition, { transport, dataSource, keyConcurrency: 64 })));
  const timer = setInterval(() => progress(feeds.reduce((sum, f) => sum + f.delivered, 0)), 10_000);
  try {
    await Promise.all(feeds.map((f) => f.drained()));
  } finally {
    clearInterval(timer);
    await Promise.all(consumers.map((c) => c.stop()));
  }
  const deadLetters = feeds.reduce((sum, f) => sum + f.deadLetters.length, 0);
  if (deadLetters) throw new Error(`${definition.groupId}: ${deadLetters} dead letters, e.g. ${JSON.stringify(feeds.find((f) => f.deadLetters.length)!.deadLetters[0])}`);
  return { messages: feeds.reduce((sum, f) => sum + f.delivered, 0), deadLetters };
}

/** Waits until the worklist projection has applied every case event stored. */
async function worklistCurrent(app: INestApplication, store: EventStore): Promise<void> {
  const host = app.get(ContextHost);
  const [last] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1, filter: worklistProjection.filter });
  if (!last) return;
  for (;;) {
    const state = host.status().projections.find((p) => p.name === worklistProjection.name);
    if (!state || state.status === 'failed') throw new Error(`projection ${worklistProjection.name}: ${state?.status ?? 'not running'} ${state?.lastError ?? ''}`);
    if (state.checkpoint !== 'start' && BigInt(state.checkpoint) >= last.position) return;
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const database = await benchDatabase('bench_worklist', log, PG_STATS ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } } : {});
  const { databaseUrl } = database;
  // The run only decides; sending is another stage (reminders wait in the outbox). Runs only when asked.
  process.env.O2C_REMINDER_WORKERS = '0';
  // Collections' case cache sized to the portfolio, as a deployment of this size would set it (README, Configuration):
  // a case not cached is read from the store and folded again by the run. O2C_STREAM_CACHE_STREAMS set outside wins.
  process.env.O2C_STREAM_CACHE_STREAMS ||= String(ACCOUNTS + Math.floor(ACCOUNTS / 5) + 1000);
  process.env.O2C_COLLECTIONS_CONFIG = JSON.stringify({ autoRunCheckMs: 0, assignment: ASSIGNMENT, ...(RUN_CONCURRENCY !== undefined ? { runConcurrency: Number(RUN_CONCURRENCY) } : {}) });
  let app: INestApplication | undefined;
  const sql = new Client({ connectionString: databaseUrl });
  try {
    const clock = new ManualClock(`${TODAY}T06:00:00Z`);
    app = await createHttpApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, auth: benchAuth, databaseUrl, contexts: [collectionsContext] }, false);
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const store = app.get<EventStore>(EVENT_STORE);
    const dataSource = app.get<DataSource>(READ_MODEL_DATA_SOURCE, { strict: false });
    const runtime = app.get(CollectionsRuntime, { strict: false });
    const consumer = (groupId: string) => runtime.consumers.find((c) => c.groupId === groupId)!;
    await sql.connect();
    if (PG_STATS) await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    // CPU milliseconds of this process and of PostgreSQL since `from` (a figure the other load on the machine barely moves).
    const cpuNow = () => ({ node: ownCpuMs(), postgres: cpuMsOfTree(database.serverPid()) });
    const cpuSince = (from: ReturnType<typeof cpuNow>) => {
      const now = cpuNow();
      return { node: Math.round(now.node - from.node), postgres: now.postgres === undefined || from.postgres === undefined ? null : Math.round(now.postgres - from.postgres) };
    };
    const resetPgStats = async () => {
      if (PG_STATS) await sql.query('SELECT pg_stat_statements_reset()');
    };
    const printPgStats = async (part: string) => {
      if (!PG_STATS) return;
      const { rows: statements } = await sql.query(
        `SELECT calls, round(total_exec_time::numeric, 0) AS exec_ms, round(total_plan_time::numeric, 0) AS plan_ms, round(mean_exec_time::numeric, 3) AS mean_ms, rows,
                shared_blks_hit + shared_blks_read AS blocks, shared_blks_read AS read, wal_fpi AS fpi, round(wal_bytes / 1048576.0, 1) AS wal_mib, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time + total_plan_time DESC LIMIT 15`,
      );
      log(`pg_stat_statements of ${part}, by total time:`);
      for (const r of statements) log(`  ${String(r.calls).padStart(8)} calls ${String(r.exec_ms).padStart(7)} ms exec ${String(r.plan_ms).padStart(5)} ms plan (mean ${r.mean_ms}) ${String(r.rows).padStart(8)} rows ${String(r.blocks).padStart(9)} blocks (${r.read} read) WAL ${r.wal_mib} MiB (${r.fpi} full pages)  ${r.query}`);
    };
    log(`collections alone (in-process transport) at ${base}`);

    // Setup, not timed: the portfolio through collections' own consumer groups.
    const today = Date.parse(`${TODAY}T00:00:00Z`);
    log(`planning ${ACCOUNTS} accounts, ${INVOICES} invoices over ${MONTHS} months to ${TODAY} (seed ${SEED}), history ${HISTORY}`);
    const portfolio = buildPortfolio({ seed: SEED, accounts: ACCOUNTS, invoices: INVOICES, today, months: MONTHS });
    const ordersOf = ordersByAccount(portfolio);
    const rss = rssSampler();
    const seedStarted = process.hrtime.bigint();
    const accounts = await feed(
      consumer('o2c.collections.accounts'),
      dataSource,
      function* (member) {
        for (let a = member; a < ACCOUNTS; a += MEMBERS) yield accountOpened(portfolio.accounts[a], portfolio.history.from);
      },
      topicOf('accounts'),
      (n) => log(`seed accounts: ${n}/${ACCOUNTS}`),
    );
    const invoicing = await feed(
      consumer('o2c.collections.invoicing'),
      dataSource,
      function* (member) {
        for (let a = member; a < ACCOUNTS; a += MEMBERS) {
          const messages = ordersOf(a).flatMap((i) => invoicingMessages(portfolio.plan(i), today + DAY - 1, HISTORY === 'open'));
          messages.sort((x, y) => x.at - y.at);
          for (const m of messages) yield m.event;
        }
      },
      topicOf('invoicing'),
      (n) => log(`seed invoicing: ${n} messages, ${Math.round(n / seconds(seedStarted))}/s, rss ${mib(process.memoryUsage().rss)} MiB`),
    );
    const seedSeconds = seconds(seedStarted);
    const seeded = accounts.messages + invoicing.messages;
    log(`seeded ${seeded} messages (${accounts.messages} accounts, ${invoicing.messages} invoicing) in ${seedSeconds.toFixed(1)} s: ${Math.round(seeded / seedSeconds)}/s`);

    const authorization = await benchAuthorization();
    // node:http, not fetch: fetch gives up on a response whose headers take over 5 minutes (undici's headersTimeout),
    // and the first run over 100,000 cases answers later than that.
    const send = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const request = httpRequest(`${base}${path}`, { method, agent: keepAlive, headers: { 'content-type': 'application/json', authorization, ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            try {
              const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
              if ((response.statusCode ?? 500) >= 400) reject(new Error(`${method} ${path}: ${response.statusCode} ${JSON.stringify(json)}`));
              else resolve(json);
            } catch (error) {
              reject(error as Error);
            }
          });
        });
        request.on('error', reject);
        request.end(payload);
      });

    // Timed: the daily runs, through the API.
    const runs: { date: string; seconds: number; accounts: number; decided: number; remindersScheduled: number; cpuMs: { node: number; postgres: number | null }; events: Record<string, number> }[] = [];
    const lastPosition = async (): Promise<string> => ((await sql.query(`SELECT coalesce(max(position), 0)::text AS p FROM o2c_es.events`)).rows[0] as { p: string }).p;
    const runDates = Array.from({ length: DAYS + 1 }, (_, d) => addDays(TODAY, d));
    await resetPgStats();
    const stopRunsProfile = await cpuProfile(CPU_PROF, 'runs');
    for (const date of runDates) {
      clock.set(`${date}T06:00:00Z`);
      const before = await lastPosition();
      const cpuBefore = cpuNow();
      const started = process.hrtime.bigint();
      const report = await send('POST', '/collections/runs', { date });
      const took = seconds(started);
      const cpuMs = cpuSince(cpuBefore);
      // What the run appended, by event type (cases and reminders): what made it cost what it did.
      const appended: { event_type: string; n: number }[] = (await sql.query(`SELECT event_type, count(*)::int AS n FROM o2c_es.events WHERE position > $1 GROUP BY event_type ORDER BY event_type`, [before])).rows;
      const events = Object.fromEntries(appended.map((r) => [r.event_type, r.n]));
      runs.push({ date, seconds: round2(took), accounts: report.accounts as number, decided: report.decided as number, remindersScheduled: report.remindersScheduled as number, cpuMs, events });
      log(`daily run ${date}: ${report.decided} of ${report.accounts} cases decided, ${report.remindersScheduled} reminders, ${took.toFixed(1)} s, CPU ms node ${cpuMs.node} / PostgreSQL ${cpuMs.postgres}, appended ${JSON.stringify(events)}`);
    }
    const runsProfile = await stopRunsProfile();
    if (runsProfile) log(`CPU profile of the runs: ${runsProfile}`);
    await printPgStats('the daily runs');
    await worklistCurrent(app, store);
    const steady = runs.slice(1);
    const schedulerRunSec = Math.max(...steady.map((r) => r.seconds));

    // Timed: worklist pages by HTTP, then the same pages by the same SQL straight on PostgreSQL.
    const collectors: { collector_id: string; n: number }[] = (await sql.query(`SELECT collector_id, count(*)::int AS n FROM o2c_read.collections_worklist WHERE on_worklist GROUP BY collector_id ORDER BY collector_id`)).rows;
    if (!collectors.length) throw new Error('no account is on a worklist');
    let rng = SEED * 2654435761;
    const random = (): number => ((rng = (Math.imul(rng ^ (rng >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 2 ** 32);
    const pages = Array.from({ length: PAGES }, () => {
      const c = collectors[Math.floor(random() * collectors.length)];
      return { collectorId: c.collector_id, offset: Math.floor(random() * Math.min(5, Math.ceil(c.n / PAGE_SIZE))) * PAGE_SIZE, date: runDates[Math.floor(random() * runDates.length)] };
    });
    const apiMs: number[] = [];
    let rows = 0;
    await resetPgStats();
    const stopPagesProfile = await cpuProfile(CPU_PROF, 'pages');
    const pagesCpuBefore = cpuNow();
    for (const p of pages) {
      const started = process.hrtime.bigint();
      const page = await send('GET', `/collections/worklist?collectorId=${encodeURIComponent(p.collectorId)}&date=${p.date}&limit=${PAGE_SIZE}&offset=${p.offset}`);
      apiMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      rows += (page.entries as unknown[]).length;
    }
    const pagesCpu = cpuSince(pagesCpuBefore);
    const pagesProfile = await stopPagesProfile();
    if (pagesProfile) log(`CPU profile of the pages: ${pagesProfile}`);
    await printPgStats('the pages by HTTP');
    const sqlMs: number[] = [];
    for (const p of pages) {
      const started = process.hrtime.bigint();
      // Named, as the API sends it (planned once per connection).
      await sql.query({ name: 'o2c.collections.worklist-page.collector', text: worklistPageSql('collector'), values: [p.collectorId, p.date, PAGE_SIZE, p.offset] });
      sqlMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    rss.stop();
    apiMs.sort((a, b) => a - b);
    sqlMs.sort((a, b) => a - b);
    const worklistP95Ms = round2(percentile(apiMs, 95));
    const onWorklist = collectors.reduce((sum, c) => sum + c.n, 0);
    log(`worklist: ${PAGES} pages (${rows} rows) over ${collectors.length} collectors and ${runDates.length} dates: p50 ${round2(percentile(apiMs, 50))} ms, p95 ${worklistP95Ms} ms by HTTP; p95 ${round2(percentile(sqlMs, 95))} ms by SQL`);

    const [{ events }] = (await sql.query(`SELECT count(*)::int AS events FROM o2c_es.events`)).rows as { events: number }[];
    console.log(
      JSON.stringify({
        bench: 'worklist',
        size: { accounts: ACCOUNTS, invoices: INVOICES, seed: SEED, months: MONTHS, today: TODAY, storeEvents: events, onWorklist, collectors: collectors.length },
        seed: { via: 'collections consumer groups (runMessageConsumer) fed the contract messages of the generated portfolio', history: HISTORY, messages: seeded, seconds: round2(seedSeconds), perSec: Math.round(seeded / seedSeconds), members: MEMBERS, batch: BATCH },
        streamCacheStreams: Number(process.env.O2C_STREAM_CACHE_STREAMS),
        runConcurrency: collectionsOptionsFromEnv().runConcurrency,
        runs,
        firstRunSec: runs[0].seconds,
        schedulerRunSec,
        worklistPages: PAGES,
        worklistP50Ms: round2(percentile(apiMs, 50)),
        worklistP95Ms,
        worklistP99Ms: round2(percentile(apiMs, 99)),
        baselineSqlP50Ms: round2(percentile(sqlMs, 50)),
        baselineSqlP95Ms: round2(percentile(sqlMs, 95)),
        pageCpuMs: { node: round2(pagesCpu.node / PAGES), postgres: pagesCpu.postgres === null ? null : round2(pagesCpu.postgres / PAGES) },
        rssMiB: mib(rss.peak()),
        loadAverage: { atStart: loadAtStart.map((n) => round2(n)), atEnd: loadavg().map((n) => round2(n)) },
        targets: { worklistP95Ms: worklistP95Ms <= 20, schedulerRunSec: schedulerRunSec <= 60, firstRunSec: runs[0].seconds <= 60 },
      }),
    );
  } finally {
    await sql.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
