/**
 * `npm run bench:bus`: payments through the whole bus on a real Kafka broker
 * (scripts/kafka.sh, KRaft, its own ports and log folder):
 *   ingress topic -> invoicing's command -> event store -> relay -> Kafka
 *   -> accounts' consumer group (receivables, committed with its record)
 * against raw kafkajs produce + consume of same-sized messages in the same run.
 * Prints progress, then one JSON object on its last line.
 *
 * Knobs (environment):
 *   BENCH_RATE     offered payments/s (1000); `max` measures the ceiling instead: BENCH_PAYMENTS payments are put on
 *                  the ingress topic as fast as the producer goes and the pipeline drains them (never starved), so
 *                  endToEndPerSec is the most it sustains; its lags are then queueing time, not the pipeline's.
 *   BENCH_SECONDS  how long the rate is offered (60); BENCH_PAYMENTS (60000) in `max` mode.
 *   BENCH_ACCOUNTS (1000), BENCH_RAW_MESSAGES (300000).
 *   BENCH_PG_STATS=1  the embedded PostgreSQL loads pg_stat_statements; the statements of the timed part that cost
 *                  the most are printed before the JSON (calls, total and mean ms).
 *   DATABASE_URL / KAFKA_BROKERS  use existing servers (then their CPU is not measured).
 * Besides rates and lags, the JSON has CPU milliseconds per payment for this process (all of o2c runs in it), the
 * PostgreSQL server and the broker during the timed part: figures that other load on a shared machine moves far less
 * than rates (`cpuMsPerPayment`), and per stage lags (`stages`): ingress message -> invoicing's record (command
 * decided and stored) and invoicing's record -> accounts' record (relay, Kafka, accounts' command).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import { INGRESS_TOPICS } from '@o2c/contracts';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { createHttpApp } from '../../apps/o2c/src/http-app';
import { benchAuth, benchAuthorization } from '../support/auth';
import { benchDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { cpuMsOfTree, ownCpuMs } from '../support/process-cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CEILING = process.env.BENCH_RATE === 'max';
const RATE = CEILING ? Infinity : Number(process.env.BENCH_RATE ?? 1000);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 60_000);
const PG_STATS = process.env.BENCH_PG_STATS === '1';
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const INVOICES_PER_ACCOUNT = 3;
const RAW_MESSAGES = Number(process.env.BENCH_RAW_MESSAGES ?? 300_000);
const ROOT = join(__dirname, '..', '..', '..');
const log = (line: string) => console.log(`[bench:bus] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => Number(process.hrtime.bigint() / 1_000_000n);

async function startBroker(): Promise<{ brokers: string; pid: () => number | undefined; stop: () => void }> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, pid: () => undefined, stop: () => undefined };
  const env = { ...process.env, O2C_KAFKA_PORT: String(await freePort()), O2C_KAFKA_CONTROLLER_PORT: String(await freePort()), O2C_KAFKA_DIR: mkdtempSync(join(tmpdir(), 'o2c-bench-kafka-')) };
  const script = join(ROOT, 'scripts', 'kafka.sh');
  const started = spawnSync('bash', [script, 'start'], { env, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`scripts/kafka.sh start failed: ${started.stderr}`);
  return {
    brokers: started.stdout.trim().split('\n').pop()!,
    pid: () => {
      const file = join(env.O2C_KAFKA_DIR, 'kafka.pid');
      return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || undefined : undefined;
    },
    stop: () => {
      spawnSync('bash', [script, 'stop'], { env, encoding: 'utf8' });
      rmSync(env.O2C_KAFKA_DIR, { recursive: true, force: true });
    },
  };
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

const paymentMessage = (seq: number, accountId: string, invoiceId: string) =>
  JSON.stringify({
    messageId: `bench-pay-${seq}`,
    type: 'PaymentReceived',
    data: { paymentId: `PAY-${seq}`, accountId, amountMinor: 100 + (seq % 50), currency: 'EUR', receivedAt: '2026-11-20T10:00:00Z', method: 'transfer', reference: invoiceId },
  });

/** Baseline: the same client producing and a consumer group consuming messages of the same size, as fast as they go. */
async function rawKafka(kafka: Kafka): Promise<number> {
  const topic = `bench.raw.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= RAW_MESSAGES) resolveDone();
    },
  });
  const start = now();
  const BATCH = 500;
  for (let i = 0; i < RAW_MESSAGES; i += BATCH * 4) {
    await Promise.all(
      Array.from({ length: 4 }, (_, k) => {
        const from = i + k * BATCH;
        const messages = Array.from({ length: Math.max(0, Math.min(BATCH, RAW_MESSAGES - from)) }, (_, j) => ({ key: `ACC-${(from + j) % ACCOUNTS}`, value: paymentMessage(from + j, `ACC-${(from + j) % ACCOUNTS}`, `INV-O-${from + j}`) }));
        return messages.length ? producer.send({ topic, acks: -1, messages }) : Promise.resolve();
      }),
    );
  }
  await done;
  const perSec = RAW_MESSAGES / ((now() - start) / 1000);
  await consumer.disconnect();
  await producer.disconnect();
  return perSec;
}

let authorization = '';

async function post(base: string, path: string, body: unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
    if (response.ok) return;
    if (response.status >= 500 && attempt < 5) {
      await sleep(200 * (attempt + 1));
      continue;
    }
    throw new Error(`POST ${path} -> ${response.status}: ${await response.text()}`);
  }
}

async function handledCount(pg: Client, groupId: string): Promise<number> {
  const { rows } = await pg.query(`SELECT count(*)::int AS n FROM o2c_messaging.handled_messages WHERE group_id = $1`, [groupId]);
  return rows[0].n as number;
}

async function waitForCount(pg: Client, groupId: string, target: number, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await handledCount(pg, groupId);
    if (n >= target) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${n} of ${target} after ${timeoutMs} ms`);
    // Polled every 2 s: the count reads all the group's rows, which competes with the pipeline under test.
    await sleep(2000);
  }
}

async function sendAll(producer: Producer, topic: string, messages: { key: string; value: string }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
}

async function main(): Promise<void> {
  const database = await benchDatabase('bench_bus', log, { settings: { max_connections: '200', ...(PG_STATS ? { shared_preload_libraries: 'pg_stat_statements' } : {}) } });
  const databaseUrl = database.databaseUrl;
  const broker = await startBroker();
  log(`Kafka at ${broker.brokers}`);
  const kafka = new Kafka({ clientId: 'bench-bus', brokers: broker.brokers.split(','), logLevel: logLevel.NOTHING });
  let app: INestApplication | undefined;
  const pg = new Client({ connectionString: databaseUrl });
  try {
    const rawKafkaPerSec = await rawKafka(kafka);
    log(`raw kafkajs produce + consume: ${Math.round(rawKafkaPerSec)} messages/s`);

    const clock = new ManualClock('2026-11-25T09:00:00Z');
    app = await createHttpApp(
      { eventStore: { adapter: 'postgresql', databaseUrl }, clock, auth: benchAuth, databaseUrl, contexts: [accountsContext, invoicingContext], kafkaBrokers: broker.brokers.split(','), clientId: 'bench-bus' },
      false,
    );
    await app.listen(0, '127.0.0.1');
    authorization = await benchAuthorization();
    const base = await app.getUrl();
    await pg.connect();
    log(`o2c (accounts + invoicing, through Kafka) at ${base}`);

    // Setup, not timed: accounts, then invoices through the orders topic.
    const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `ACC-${i}`);
    for (let i = 0; i < accountIds.length; i += 32) {
      await Promise.all(
        accountIds.slice(i, i + 32).map((accountId) =>
          post(base, '/accounts', {
            accountId,
            legalName: `Bench customer ${accountId}`,
            kind: 'b2c',
            segment: 'standard',
            currency: 'EUR',
            paymentTermsDays: 30,
            contacts: [{ name: 'Accounts payable', role: 'accountant', email: `ap-${accountId}@example.com`, preferredChannel: 'email' }],
          }),
        ),
      );
    }
    await waitForCount(pg, 'o2c.invoicing.accounts', ACCOUNTS, 'invoicing learning the accounts');
    log(`${ACCOUNTS} accounts opened`);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const orders: { key: string; value: string }[] = [];
    const invoices: { accountId: string; invoiceId: string }[] = [];
    for (const accountId of accountIds) {
      for (let k = 0; k < INVOICES_PER_ACCOUNT; k++) {
        const orderId = `O-${accountId}-${k}`;
        orders.push({
          key: accountId,
          value: JSON.stringify({
            messageId: `bench-del-${orderId}`,
            type: 'OrderDelivered',
            data: { orderId, accountId, currency: 'EUR', deliveredAt: '2026-11-01T10:00:00Z', lines: [{ description: 'paper', quantity: 10, unitPriceMinor: 1_000_000, taxRateBp: 2000 }] },
          }),
        });
        invoices.push({ accountId, invoiceId: `INV-${orderId}` });
      }
    }
    await sendAll(producer, INGRESS_TOPICS.orders, orders);
    await waitForCount(pg, 'o2c.invoicing.ingress', orders.length, 'invoices issued');
    await waitForCount(pg, 'o2c.accounts.receivables', orders.length, 'accounts learning the invoices');
    log(`${invoices.length} invoices issued and known to accounts`);

    // Timed: payments offered at RATE for SECONDS (or PAYMENTS at once); each completes when accounts has committed its receivable change.
    if (PG_STATS) {
      await pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await pg.query('SELECT pg_stat_statements_reset()');
    }
    const sentAt = new Map<string, number>();
    const receivablesBefore = await handledCount(pg, 'o2c.accounts.receivables');
    const cpuAtStart = { node: ownCpuMs(), postgres: cpuMsOfTree(database.serverPid()), kafka: cpuMsOfTree(broker.pid()) };
    const started = now();
    const loadAtStart = loadavg()[0];
    let seq = 0;
    const tick = 100;
    const paymentAt = (n: number) => {
      const invoice = invoices[n % invoices.length];
      sentAt.set(`ingress:bench-pay-${n}`, now());
      return { key: invoice.accountId, value: paymentMessage(n, invoice.accountId, invoice.invoiceId) };
    };
    if (CEILING) {
      // Offered as fast as the producer goes, in requests of 1000 four at a time: the pipeline is never starved.
      for (; seq < PAYMENTS; ) {
        const requests: { key: string; value: string }[][] = [];
        for (let r = 0; r < 4 && seq < PAYMENTS; r++) {
          const messages: { key: string; value: string }[] = [];
          for (; messages.length < 1000 && seq < PAYMENTS; seq++) messages.push(paymentAt(seq));
          requests.push(messages);
        }
        await Promise.all(requests.map((messages) => producer.send({ topic: INGRESS_TOPICS.payments, acks: -1, messages })));
      }
      log(`${PAYMENTS} payments on the ingress topic after ${now() - started} ms`);
    } else {
      while (now() - started < SECONDS * 1000) {
        const due = Math.floor(((now() - started) / 1000) * RATE);
        const messages: { key: string; value: string }[] = [];
        while (seq < due) messages.push(paymentAt(seq++));
        if (messages.length) await sendAll(producer, INGRESS_TOPICS.payments, messages);
        else await sleep(tick / 4);
      }
    }
    const offered = seq;
    const offeredFor = now() - started;
    log(`offered ${offered} payments in ${(offeredFor / 1000).toFixed(1)} s; waiting for the last to reach accounts`);
    // Each payment makes invoicing publish PaymentReceived and PaymentApplied: accounts handles both.
    await waitForCount(pg, 'o2c.invoicing.ingress', orders.length + offered, 'payments handled by invoicing', 900_000);
    const completedQuery = `SELECT correlation_id, max(handled_at) AS at FROM o2c_messaging.handled_messages
        WHERE group_id = 'o2c.accounts.receivables' AND correlation_id LIKE 'ingress:bench-pay-%' GROUP BY correlation_id`;
    // Each payment reaches accounts as two messages (PaymentReceived, PaymentApplied): wait for them cheaply first.
    await waitForCount(pg, 'o2c.accounts.receivables', receivablesBefore + 2 * offered, 'payments handled by accounts', 900_000);
    const deadline = Date.now() + 900_000;
    let completed = (await pg.query(completedQuery)).rows as { correlation_id: string; at: Date }[];
    while (completed.length < offered && Date.now() < deadline) {
      await sleep(2000);
      completed = (await pg.query(completedQuery)).rows;
    }
    const cpuAtEnd = { node: ownCpuMs(), postgres: cpuMsOfTree(database.serverPid()), kafka: cpuMsOfTree(broker.pid()) };
    const epochOffset = Date.now() - now();
    const lags = completed.map((r) => new Date(r.at).getTime() - epochOffset - sentAt.get(r.correlation_id)!).sort((a, b) => a - b);
    const lastDone = Math.max(...completed.map((r) => new Date(r.at).getTime() - epochOffset));
    const endToEndPerSec = completed.length / ((lastDone - started) / 1000);
    const receivablesHandled = (await handledCount(pg, 'o2c.accounts.receivables')) - receivablesBefore;
    // Where the time goes: when invoicing recorded each payment (its command decided and stored), and then accounts.
    const { rows: invoicingRows } = await pg.query(
      `SELECT message_id, handled_at AS at FROM o2c_messaging.handled_messages WHERE group_id = 'o2c.invoicing.ingress' AND message_id LIKE 'ingress:bench-pay-%'`,
    );
    const invoicingAt = new Map<string, number>((invoicingRows as { message_id: string; at: Date }[]).map((r) => [r.message_id, new Date(r.at).getTime() - epochOffset]));
    const lastInvoicing = Math.max(...invoicingAt.values());
    const invoicingPerSec = offered / ((lastInvoicing - started) / 1000);
    const ingressLags = [...invoicingAt].map(([id, at]) => at - sentAt.get(id)!).sort((a, b) => a - b);
    const relayLags = completed
      .filter((r) => invoicingAt.has(r.correlation_id))
      .map((r) => new Date(r.at).getTime() - epochOffset - invoicingAt.get(r.correlation_id)!)
      .sort((a, b) => a - b);
    const lagsOf = (sorted: readonly number[]) => ({ p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) });
    const perPayment = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? null : Number(((to - from) / offered).toFixed(3)));
    if (PG_STATS) {
      // Reads of the store differ only in their WHERE: show it.
      const shorten = (q: string) => (q.length <= 200 ? q : q.startsWith('SELECT position') ? `SELECT <event columns> ${q.slice(q.indexOf('FROM'), q.indexOf('FROM') + 150)}` : q.slice(0, 150));
      const { rows: statements } = await pg.query(
        `SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 15`,
      );
      log(`pg_stat_statements of the timed part (${offered} payments), by total time:`);
      for (const r of statements) log(`  ${String(r.calls).padStart(8)} calls ${String(r.total_ms).padStart(8)} ms (mean ${r.mean_ms}) ${String(r.rows).padStart(8)} rows  ${shorten(r.query)}`);
    }
    await producer.disconnect();
    const ratio = endToEndPerSec / rawKafkaPerSec;
    const result = {
      bench: 'bus',
      mode: CEILING ? 'ceiling' : 'rate',
      seconds: Number((offeredFor / 1000).toFixed(1)),
      offeredPerSec: CEILING ? Math.round(offered / (offeredFor / 1000)) : RATE,
      payments: offered,
      completed: completed.length,
      accountsMessagesHandled: receivablesHandled,
      endToEndPerSec: Math.round(endToEndPerSec),
      ingressToInvoicingPerSec: Math.round(invoicingPerSec),
      lagP50Ms: Math.round(percentile(lags, 50)),
      lagP99Ms: Math.round(percentile(lags, 99)),
      lagMaxMs: Math.round(lags[lags.length - 1] ?? NaN),
      stages: { ingressToInvoicingMs: lagsOf(ingressLags), invoicingToAccountsMs: lagsOf(relayLags) },
      cpuMsPerPayment: { o2c: perPayment(cpuAtStart.node, cpuAtEnd.node), postgres: perPayment(cpuAtStart.postgres, cpuAtEnd.postgres), kafka: perPayment(cpuAtStart.kafka, cpuAtEnd.kafka) },
      rawKafkaPerSec: Math.round(rawKafkaPerSec),
      ratio: Number(ratio.toFixed(3)),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      // The machine's 1-minute load average when the timed part began and at the end: other work on a shared machine.
      loadAverage: [Number(loadAtStart.toFixed(2)), Number(loadavg()[0].toFixed(2))],
      targets: { endToEndPerSec: endToEndPerSec >= 5000, lagP99Ms: percentile(lags, 99) < 1000, ratio: ratio >= 0.3 },
    };
    if (completed.length < offered) log(`only ${completed.length} of ${offered} payments reached accounts`);
    console.log(JSON.stringify(result));
  } finally {
    await app?.close().catch(() => undefined);
    await pg.end().catch(() => undefined);
    broker.stop();
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
