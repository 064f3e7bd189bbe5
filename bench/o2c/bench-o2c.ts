/**
 * `npm run bench:o2c`: accounts + invoicing on the generated portfolio (scripts/gen as a library).
 * apps/o2c is hosted in process (createHttpApp, contexts accounts + invoicing, in-process transport,
 * ManualClock) on an embedded PostgreSQL started here on a free port; the portfolio's accounts are opened
 * with POST /accounts (setup, not timed), then its orders and payments go through the real ingress:
 * HTTP POST /ingress/batch (BENCH_BATCH messages per request, default 200; 1: one message per request on
 * /ingress/orders and /ingress/payments) over keep-alive sockets (the generator's HttpTarget, each account's
 * messages in time order). Prints progress, then one JSON object on its last line:
 * - ingestPerSec: events appended to the store (rows between the head positions before and after: the head
 *   itself also counts positions of rolled-back appends, reported as headAdvance) / seconds from the first
 *   ingress message until every projection, relay and consumer has caught up with the store's head;
 * - rebuildPerSec: events read by the rebuilds of every accounts and invoicing view (ProjectionRunner.rebuild(),
 *   all at once, from position 0 into fresh tables) / wall seconds;
 * - maxRssMiB: peak process.memoryUsage().rss sampled every 100 ms during both (and the OS's maxRSS);
 * - rawInsertPerSec: the store's same rows re-inserted by plain multi-row INSERTs of 1,000 into a bare table;
 * - ingestCpuMsPerEvent: CPU milliseconds per ingested event during the ingest, of this process (the app and the HTTP
 *   client) and of the embedded PostgreSQL (every backend), with commits per event: figures other load moves far less
 *   than rates. BENCH_PG_STATS=1: the embedded server loads pg_stat_statements and the ingest's statements are printed
 *   before the JSON, the most called first. BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the rebuild
 *   (`<dir>/rebuild.cpuprofile`; bench/support/profile-summary.js summarises it); rebuildCpuMs is its CPU (node, PostgreSQL).
 * Sizes: BENCH_ACCOUNTS (500), BENCH_INVOICES (3000: ~3 minutes on the loaded 2-core machine), BENCH_SEED (1), BENCH_CONCURRENCY (16 requests in
 * flight), BENCH_BATCH (200), or --accounts/--invoices/--seed/--concurrency. DATABASE_URL uses that server instead of an embedded one.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import type { EventFilter, EventStore } from '@o2c/event-store';
import { EVENT_STORE } from '@o2c/event-store';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock, type RebuildReport } from '@o2c/kernel';
import type { BoundedContextDefinition, ContextRuntime } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { Client } from 'pg';
import { createHttpApp } from '../../apps/o2c/src/http-app';
import { dispatchInBatches, dispatchInKeyOrder } from '../../scripts/gen/dispatch';
import { HttpTarget } from '../../scripts/gen/http-target';
import { buildPortfolio, buildSchedule, scheduledMessages } from '../../scripts/gen/portfolio';
import { benchDatabase } from '../support/database';
import { benchAuth, benchAuthorization } from '../support/auth';
import { cpuProfile } from '../support/cpu-profile';
import { cpuMsOfTree, ownCpuMs } from '../support/process-cpu';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ACCOUNTS = Number(arg('accounts') ?? process.env.BENCH_ACCOUNTS ?? 500);
const INVOICES = Number(arg('invoices') ?? process.env.BENCH_INVOICES ?? 3000);
const SEED = Number(arg('seed') ?? process.env.BENCH_SEED ?? 1);
const CONCURRENCY = Number(arg('concurrency') ?? process.env.BENCH_CONCURRENCY ?? 16);
const BATCH = Number(arg('batch') ?? process.env.BENCH_BATCH ?? 200);
const PG_STATS = process.env.BENCH_PG_STATS === '1';
const CPU_PROF = process.env.BENCH_CPU_PROF || undefined;
const MONTHS = 12;
const TODAY = '2026-11-25T09:00:00.000Z';
const RAW_BATCH = 1000;
const CONTEXTS: readonly BoundedContextDefinition[] = [accountsContext, invoicingContext];

const log = (line: string) => console.log(`[bench:o2c] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Peak RSS, sampled while `running`. */
function rssSampler(): { peak: () => number; stop: () => void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return { peak: () => Math.max(peak, process.memoryUsage().rss), stop: () => clearInterval(timer) };
}

async function head(store: EventStore): Promise<bigint> {
  const health = await store.health();
  if (health.headPosition === undefined) throw new Error(`event store ${health.status}: ${health.detail ?? ''}`);
  return health.headPosition;
}

/** The last position a filtered reader (projection, relay) has to reach: the last stored event it selects. */
async function lastMatching(store: EventStore, filter: EventFilter | undefined): Promise<bigint> {
  const [last] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1, filter });
  return last?.position ?? 0n;
}

/**
 * Waits until nothing moves: every projection and every relay past the last stored event it selects, every
 * consumer group with nothing left to commit, and the head unchanged for `quietMs` (consumers react to relayed
 * events by appending more). Returns the head and when this final state was first seen (process.hrtime), which
 * is when the ingest is over.
 */
async function quiescence(app: INestApplication, store: EventStore, quietMs = 1500): Promise<{ head: bigint; at: bigint }> {
  const host = app.get(ContextHost);
  const runtimes = CONTEXTS.map((c) => app.get<ContextRuntime>(c.runtime, { strict: false }));
  const projections = CONTEXTS.flatMap((c) => c.projections);
  const relayFilters = new Map(runtimes.filter((r) => r.translator).map((r) => [`relay.${r.context}`, r.translator!.filter]));
  let settled: { head: bigint; at: bigint } | undefined;
  for (;;) {
    const position = await head(store);
    const status = await host.statusWithLag();
    let caughtUp = true;
    for (const p of projections) {
      const state = status.projections.find((s) => s.name === p.name);
      if (!state || state.status === 'failed') throw new Error(`projection ${p.name}: ${state?.status ?? 'not running'} ${state?.lastError ?? ''}`);
      const target = await lastMatching(store, p.filter);
      if (target > 0n && (state.checkpoint === 'start' || BigInt(state.checkpoint) < target)) caughtUp = false;
    }
    for (const relay of status.relays) {
      const target = await lastMatching(store, relayFilters.get(relay.name));
      if (target > 0n && (relay.checkpoint === 'start' || BigInt(relay.checkpoint) < target)) caughtUp = false;
    }
    // A group busy on a batch that appends nothing for a while leaves the head still: its lag says it is not done.
    if (status.consumers.some((c) => c.behind !== 0)) caughtUp = false;
    if (!caughtUp || (settled && settled.head !== position)) settled = undefined;
    else if (!settled) settled = { head: position, at: process.hrtime.bigint() };
    else if (Number(process.hrtime.bigint() - settled.at) / 1e6 >= quietMs) return settled;
    await sleep(50);
  }
}

async function eventsBetween(databaseUrl: string, after: bigint, upTo: bigint): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM o2c_es.events WHERE position > $1 AND position <= $2`, [after.toString(), upTo.toString()]);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

/** Baseline: the store's own rows, read back page by page, re-inserted by one multi-row INSERT of 1,000 each into a bare table (only the INSERTs are timed). */
async function rawInsert(databaseUrl: string, expected: number): Promise<{ perSec: number; rows: number }> {
  const reader = new Client({ connectionString: databaseUrl });
  const writer = new Client({ connectionString: databaseUrl });
  await reader.connect();
  await writer.connect();
  await writer.query(`CREATE TABLE public.bench_raw_events (position bigint, stream_name text, revision bigint, event_id uuid, event_type text, schema_version int, data jsonb, metadata jsonb, recorded_at timestamptz)`);
  let after = '0';
  let rows = 0;
  let insertNs = 0n;
  for (;;) {
    const page = await reader.query(
      `SELECT position::text AS p, stream_name, revision::text, event_id::text, event_type, schema_version, data::text, metadata::text, recorded_at FROM o2c_es.events WHERE position > $1 ORDER BY position LIMIT ${RAW_BATCH}`,
      [after],
    );
    if (page.rows.length === 0) break;
    const column = (name: string) => page.rows.map((r: Record<string, unknown>) => r[name]);
    const started = process.hrtime.bigint();
    await writer.query(
      `INSERT INTO public.bench_raw_events SELECT p, s, r, id, t, v, d::jsonb, m::jsonb, at
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::timestamptz[]) AS u(p, s, r, id, t, v, d, m, at)`,
      [column('p'), column('stream_name'), column('revision'), column('event_id'), column('event_type'), column('schema_version'), column('data'), column('metadata'), column('recorded_at')],
    );
    insertNs += process.hrtime.bigint() - started;
    rows += page.rows.length;
    after = page.rows[page.rows.length - 1].p as string;
  }
  await reader.end();
  await writer.end();
  if (rows !== expected) throw new Error(`raw INSERT copied ${rows} rows, the store holds ${expected}`);
  return { perSec: rows / (Number(insertNs) / 1e9), rows };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const database = await benchDatabase('bench_o2c', log, PG_STATS ? { settings: { shared_preload_libraries: 'pg_stat_statements' } } : {});
  const { databaseUrl } = database;
  let app: INestApplication | undefined;
  let http: HttpTarget | undefined;
  try {
    const clock = new ManualClock(TODAY);
    app = await createHttpApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, auth: benchAuth, databaseUrl, contexts: CONTEXTS }, false);
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const store = app.get<EventStore>(EVENT_STORE);
    http = new HttpTarget(base, { token: (await benchAuthorization()).slice('Bearer '.length), sockets: CONCURRENCY, unknownAccountWaitMs: 120_000 });
    log(`o2c (accounts + invoicing, in-process transport) at ${base}`);

    log(`planning ${ACCOUNTS} accounts, ${INVOICES} invoices over ${MONTHS} months to ${TODAY} (seed ${SEED})`);
    const portfolio = buildPortfolio({ seed: SEED, accounts: ACCOUNTS, invoices: INVOICES, today: Date.parse(TODAY), months: MONTHS });
    const schedule = buildSchedule(portfolio);
    const messages = schedule.keys.length;

    // Setup, not timed: the accounts, until invoicing knows every one of them and every view is current.
    const accountsStarted = process.hrtime.bigint();
    await dispatchInKeyOrder(portfolio.accounts, { concurrency: CONCURRENCY, keyOf: (a) => a.opening.accountId, send: async (a) => void (await http!.openAccount(a.opening)) });
    const afterAccounts = await quiescence(app, store);
    log(`${ACCOUNTS} accounts opened: ${afterAccounts.head} events in ${seconds(accountsStarted).toFixed(1)} s`);

    const stats = new Client({ connectionString: databaseUrl });
    await stats.connect();
    if (PG_STATS) {
      await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await stats.query('SELECT pg_stat_statements_reset()');
    }
    const commits = async (): Promise<number> => Number((await stats.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit);
    // pg_stat_database's counters reach it from each backend within 10 s (an idle backend's flush): wait for the setup's.
    await sleep(11_000);
    const commitsAtStart = await commits();

    // Timed: every order and payment through POST /ingress/*, until every view has caught up with the head.
    const cpuAtStart = { node: ownCpuMs(), postgres: cpuMsOfTree(database.serverPid()) };
    const rss = rssSampler();
    const ingestStarted = process.hrtime.bigint();
    let sent = 0;
    const progress = setInterval(() => log(`ingest: ${sent}/${messages} messages, ${Math.round(sent / seconds(ingestStarted))}/s, rss ${mib(process.memoryUsage().rss)} MiB`), 10_000);
    try {
      if (BATCH > 1) {
        await dispatchInBatches(scheduledMessages(portfolio, schedule), {
          lanes: CONCURRENCY,
          batchSize: BATCH,
          keyOf: (m) => m.accountId,
          sendBatch: (batch) => http!.ingressBatch(batch),
          onSent: (batch) => void (sent += batch.length),
        });
      } else {
        await dispatchInKeyOrder(scheduledMessages(portfolio, schedule), {
          concurrency: CONCURRENCY,
          keyOf: (m) => m.accountId,
          send: (m) => http!.ingress(m),
          onSent: () => void sent++,
        });
      }
    } finally {
      clearInterval(progress);
    }
    const sentSeconds = seconds(ingestStarted);
    const afterIngest = await quiescence(app, store);
    const cpuAtEnd = { node: ownCpuMs(), postgres: cpuMsOfTree(database.serverPid()) };
    const ingestSeconds = Number(afterIngest.at - ingestStarted) / 1e9;
    const ingestEvents = await eventsBetween(databaseUrl, afterAccounts.head, afterIngest.head);
    await sleep(11_000);
    const ingestCommits = (await commits()) - commitsAtStart;
    const perEvent = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? null : Number(((to - from) / ingestEvents).toFixed(3)));
    const ingestCpuMsPerEvent = { node: perEvent(cpuAtStart.node, cpuAtEnd.node), postgres: perEvent(cpuAtStart.postgres, cpuAtEnd.postgres), commits: Number((ingestCommits / ingestEvents).toFixed(3)) };
    log(`ingest CPU per event: node ${ingestCpuMsPerEvent.node} ms, PostgreSQL ${ingestCpuMsPerEvent.postgres} ms; ${ingestCpuMsPerEvent.commits} commits per event`);
    const shorten = (q: string) => (q.length <= 160 ? q : q.startsWith('SELECT position') ? `SELECT <event columns> ${q.slice(q.indexOf('FROM'), q.indexOf('FROM') + 120)}` : q.slice(0, 160));
    const printStatements = async (what: string, order: string) => {
      const { rows } = await stats.query(
        `SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY ${order} DESC LIMIT 25`,
      );
      log(`pg_stat_statements of ${what} (calls, total ms, rows):`);
      for (const r of rows) log(`  ${String(r.calls).padStart(7)} ${String(r.total_ms).padStart(7)} ms ${String(r.rows).padStart(7)} rows  ${shorten(r.query as string)}`);
    };
    if (PG_STATS) {
      await printStatements(`the ingest (${ingestEvents} events), the most called first`, 'calls');
      await stats.query('SELECT pg_stat_statements_reset()');
    }
    const ingestPerSec = ingestEvents / ingestSeconds;
    log(`ingest: ${messages} messages sent in ${sentSeconds.toFixed(1)} s; ${ingestEvents} events, views current after ${ingestSeconds.toFixed(1)} s: ${Math.round(ingestPerSec)} events/s`);

    // Timed: every accounts and invoicing view rebuilt from position 0 into a fresh table, all at once.
    const host = app.get(ContextHost);
    const views = CONTEXTS.flatMap((c) => c.projections.map((p) => p.name));
    const stopRebuildProfile = await cpuProfile(CPU_PROF, 'rebuild');
    const rebuildCpuAtStart = { node: ownCpuMs(), postgres: cpuMsOfTree(database.serverPid()) };
    const rebuildStarted = process.hrtime.bigint();
    const reports: RebuildReport[] = await Promise.all(views.map((name) => host.projection(name)!.rebuild()));
    const rebuildSeconds = seconds(rebuildStarted);
    const rebuildPg = cpuMsOfTree(database.serverPid());
    const rebuildCpuMs = { node: Math.round(ownCpuMs() - rebuildCpuAtStart.node), postgres: rebuildPg === undefined || rebuildCpuAtStart.postgres === undefined ? null : Math.round(rebuildPg - rebuildCpuAtStart.postgres) };
    const rebuildProfile = await stopRebuildProfile();
    if (PG_STATS) await printStatements('the rebuild, by total time', 'total_exec_time');
    await stats.end();
    if (rebuildProfile) log(`CPU profile of the rebuild: ${rebuildProfile}`);
    const rebuildEvents = reports.reduce((sum, r) => sum + r.events, 0);
    const rebuildPerSec = rebuildEvents / rebuildSeconds;
    rss.stop();
    const maxRss = rss.peak();
    const maxRssOs = process.resourceUsage().maxRSS * 1024;
    log(`rebuild of ${views.join(', ')}: ${rebuildEvents} events read in ${rebuildSeconds.toFixed(1)} s: ${Math.round(rebuildPerSec)} events/s`);

    // Scale: the same rows by plain batched INSERTs.
    const storeEvents = await eventsBetween(databaseUrl, 0n, afterIngest.head);
    const raw = await rawInsert(databaseUrl, storeEvents);
    log(`raw INSERT of the store's ${raw.rows} rows into a bare table: ${Math.round(raw.perSec)} rows/s`);

    const round = (n: number) => Math.round(n);
    const maxRssMiB = mib(Math.max(maxRss, 0));
    console.log(
      JSON.stringify({
        bench: 'o2c',
        size: { accounts: ACCOUNTS, invoices: INVOICES, seed: SEED, months: MONTHS, messages, concurrency: CONCURRENCY, batch: BATCH },
        ingress:
          BATCH > 1
            ? `HTTP POST /ingress/batch, ${BATCH} messages per request, ${CONCURRENCY} in flight, keep-alive (scripts/gen HttpTarget), in-process app and transport`
            : 'HTTP POST /ingress/orders and /ingress/payments, keep-alive (scripts/gen HttpTarget), in-process app and transport',
        setup: { accountEvents: await eventsBetween(databaseUrl, 0n, afterAccounts.head) },
        ingestEvents,
        headAdvance: Number(afterIngest.head - afterAccounts.head),
        ingestSeconds: Number(ingestSeconds.toFixed(1)),
        ingestMessagesPerSec: round(messages / sentSeconds),
        ingestPerSec: round(ingestPerSec),
        ingestCpuMsPerEvent,
        rebuildEvents,
        rebuildSeconds: Number(rebuildSeconds.toFixed(2)),
        rebuildPerSec: round(rebuildPerSec),
        rebuildCpuMs,
        rebuildViews: reports.map((r) => ({ name: r.name, events: r.events, seconds: Number(r.seconds.toFixed(2)), perSec: r.perSec })),
        storeEvents,
        maxRssMiB,
        osMaxRssMiB: mib(maxRssOs),
        rawInsertRows: raw.rows,
        rawInsertPerSec: round(raw.perSec),
        loadAverage: { atStart: loadAtStart.map((n) => Number(n.toFixed(2))), atEnd: loadavg().map((n) => Number(n.toFixed(2))) },
        targets: { ingestPerSec: ingestPerSec >= 5000, rebuildPerSec: rebuildPerSec >= 50_000, maxRssMiB: maxRssMiB < 1024 },
      }),
    );
  } finally {
    http?.close();
    await app?.close().catch(() => undefined);
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
