/**
 * `npm run bench:sla`: how fresh the disputes' SLA views are under load.
 * One process hosts accounts + invoicing + disputes (in-process bus, as
 * apps/o2c) on a real PostgreSQL. Background load: BENCH_EVENTS_RATE events a
 * second (default 1,000) stored through the ingress: by default
 * `POST /ingress/payments`, one request each, at most MAX_IN_FLIGHT at once
 * (back-pressure: what cannot be sent is counted as skipped), or with
 * BENCH_INGRESS=topic its topic (`o2c.ingress.payments`, what internal services
 * publish to; in process here, consumed in batches by invoicing's ingress
 * group; no back-pressure: a consumer that cannot keep up builds a backlog). The load is payments (each appends
 * two or more events: received, applied, the account's receivable); a
 * controller measures what the store actually holds every second (the head
 * position) and paces the payments so the stored rate meets the target, so the
 * figure is what was stored, not what was sent.
 * Meanwhile a dispute is opened, then resolved, one after the other; for each
 * command the bench polls the SLA views' rows (`last_position`) until they
 * hold the appended event. The append's instant is when its commit
 * notification reaches a listening client (the PostgreSQL store's
 * `o2c_es_events` channel, sent at commit with the last position: what wakes
 * the projections): slaFreshness = view shows it - that instant.
 * `commandToView` (from the command sent, so including its own time) is reported beside it. Baseline in
 * the same run, on the same server, under the same load: a plain INSERT then
 * SELECT round trip. One JSON object on the last line.
 * BENCH_SECONDS (60), BENCH_EVENTS_RATE (stored events/s wanted, 1000), BENCH_ACCOUNTS (1000, one invoice each:
 * payments to one account serialise on its ledger stream); DATABASE_URL uses an existing server.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import { INGRESS_TOPICS } from '@o2c/contracts';
import { disputesContext } from '@o2c/disputes';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock, startEmbeddedPostgres } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type MessageTransport } from '@o2c/messaging';
import { Client } from 'pg';
import { createHttpApp } from '../../apps/o2c/src/http-app';
import { benchAuth, benchAuthorization } from '../support/auth';
import { freePort } from '../support/free-port';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const EVENTS_RATE = Number(process.env.BENCH_EVENTS_RATE ?? 1000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const INVOICES_PER_ACCOUNT = 1;
const MAX_IN_FLIGHT = 128;
const INGRESS = process.env.BENCH_INGRESS === 'topic' ? 'topic' : 'http';
const POLL_MS = 2;
const log = (line: string) => console.log(`[bench:sla] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10 : NaN;
};

let authorization = '';
const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });

function call(base: URL, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, method, path, headers: { 'content-type': 'application/json', authorization, ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

interface DisputeAnswer {
  history: { position: string }[];
}

async function post(base: URL, path: string, body: unknown): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const r = await call(base, 'POST', path, body);
    if (r.status < 300) return r.body;
    if ((r.status === 404 || r.status >= 500) && attempt < 50) {
      await sleep(100);
      continue;
    }
    throw new Error(`POST ${path} -> ${r.status}: ${JSON.stringify(r.body)}`);
  }
}

async function until(pg: Client, sql: string, params: unknown[], target: number, what: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await pg.query(sql, params);
    if (Number(rows[0].n) >= target) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${rows[0].n} of ${target}`);
    await sleep(200);
  }
}

/** The store's head: the last position handed out (one row, committed with each append). */
async function storeHead(pg: Client): Promise<bigint> {
  const { rows } = await pg.query(`SELECT last FROM o2c_es.positions WHERE id = 1`);
  return BigInt(rows[0].last);
}

/**
 * Payments through POST /ingress/payments, paced so the store gains EVENTS_RATE events a second:
 * every second the controller compares what the store gained with the target and corrects the
 * payment rate (events per payment measured, not assumed); never more than MAX_IN_FLIGHT at once.
 */
function backgroundLoad(base: URL, pg: Client, invoices: readonly { accountId: string; invoiceId: string }[], transport: MessageTransport) {
  let sent = 0;
  let done = 0;
  let failed = 0;
  let skipped = 0;
  let inFlight = 0;
  let stopped = false;
  let paymentsPerSec = EVENTS_RATE / 2.2;
  let credit = 0;
  const perSecond: number[] = [];
  const started = nowMs();
  const control = (async () => {
    let lastHead = await storeHead(pg);
    let lastDone = 0;
    let target = 0;
    let stored = 0;
    while (!stopped) {
      await sleep(1000);
      const head = await storeHead(pg);
      const gained = Number(head - lastHead);
      perSecond.push(gained);
      const completed = done - lastDone;
      lastHead = head;
      lastDone = done;
      target += EVENTS_RATE;
      stored += gained;
      // Events per payment from what was stored; then pay back the whole shortfall (or surplus) so far, at most doubling.
      // Clamped: a payment appends at least two events, and published-not-yet-handled payments must not read as cheap ones.
      const eventsPerPayment = Math.min(3, Math.max(2, completed > 0 && gained > 0 ? gained / completed : 2.2));
      paymentsPerSec = Math.max(1, Math.min(2 * EVENTS_RATE, (EVENTS_RATE + (target - stored) / 2) / eventsPerPayment));
    }
  })();
  const loop = (async () => {
    let last = nowMs();
    while (!stopped) {
      const now = nowMs();
      credit += ((now - last) / 1000) * paymentsPerSec;
      last = now;
      while (credit >= 1) {
        if (inFlight >= MAX_IN_FLIGHT) {
          skipped += Math.floor(credit);
          credit -= Math.floor(credit);
          break;
        }
        const count = INGRESS === 'topic' ? Math.floor(credit) : 1;
        credit -= count;
        const payments = Array.from({ length: count }, () => {
          const seq = sent++;
          const target = invoices[seq % invoices.length];
          return {
            key: target.accountId,
            message: {
              messageId: `bench-pay-${seq}`,
              type: 'PaymentReceived',
              schemaVersion: 1,
              data: { paymentId: `PAY-${seq}`, accountId: target.accountId, amountMinor: 1, currency: 'EUR', receivedAt: '2026-11-24T10:00:00Z', method: 'transfer', reference: target.invoiceId },
            },
          };
        });
        inFlight++;
        const delivered =
          INGRESS === 'topic'
            ? transport.publish(INGRESS_TOPICS.payments, payments.map((p) => ({ key: p.key, value: JSON.stringify(p.message) }))).then(() => payments.length)
            : call(base, 'POST', '/ingress/payments', payments[0].message).then((r) => (r.status < 300 ? 1 : Promise.reject(new Error(`HTTP ${r.status}`))));
        delivered
          .then((n) => (done += n))
          .catch(() => (failed += payments.length))
          .finally(() => inFlight--);
      }
      await sleep(5);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await control;
      while (inFlight > 0) await sleep(10);
      return { sent, done, failed, skipped, seconds: (nowMs() - started) / 1000, perSecond };
    },
  };
}

async function waitForRow(pg: Client, table: string, key: string, position: bigint): Promise<void> {
  for (;;) {
    const { rows } = await pg.query(`SELECT last_position FROM o2c_read.${table} WHERE key = $1`, [key]);
    if (rows[0] && BigInt(rows[0].last_position) >= position) return;
    await sleep(POLL_MS);
  }
}

/** When each position's commit was announced (the store's commit notification carries the last position of the commit). */
class CommitTimes {
  private readonly seen: { last: bigint; at: number }[] = [];

  constructor(private readonly client: Client) {}

  async start(): Promise<void> {
    this.client.on('notification', (n) => {
      if (n.payload) this.seen.push({ last: BigInt(n.payload), at: nowMs() });
    });
    await this.client.query('LISTEN o2c_es_events');
  }

  async of(position: bigint): Promise<number> {
    for (;;) {
      const hit = this.seen.find((s) => s.last >= position);
      if (hit) {
        if (this.seen.length > 10_000) this.seen.splice(0, this.seen.length - 10_000);
        return hit.at;
      }
      await sleep(POLL_MS);
    }
  }
}

async function main(): Promise<void> {
  let databaseUrl = process.env.DATABASE_URL;
  let stopPostgres: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    const port = await freePort();
    const postgres = await startEmbeddedPostgres({ dataDir: join(mkdtempSync(join(tmpdir(), 'o2c-bench-sla-')), 'pg'), port, persistent: false, settings: { max_connections: '200' } });
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_sla');
    await admin.end();
    databaseUrl = postgres.urlFor('bench_sla');
    stopPostgres = () => postgres.stop();
    log(`embedded PostgreSQL on port ${port}`);
  }
  let app: INestApplication | undefined;
  const pg = new Client({ connectionString: databaseUrl });
  const baselinePg = new Client({ connectionString: databaseUrl });
  const listener = new Client({ connectionString: databaseUrl });
  const headPg = new Client({ connectionString: databaseUrl });
  try {
    const clock = new ManualClock('2026-11-25T09:00:00Z');
    app = await createHttpApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, auth: benchAuth, databaseUrl, contexts: [accountsContext, invoicingContext, disputesContext] }, false);
    await app.listen(0, '127.0.0.1');
    authorization = await benchAuthorization();
    const base = new URL((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    await pg.connect();
    await baselinePg.connect();
    await listener.connect();
    await headPg.connect();
    for (const client of [pg, baselinePg, listener, headPg]) client.on('error', () => undefined);
    log(`o2c (accounts + invoicing + disputes, in-process bus) at ${base.href}`);

    // Setup, not timed: accounts, then invoices through the ingress, learned by disputes.
    const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `ACC-${i}`);
    for (let i = 0; i < accountIds.length; i += 16) {
      await Promise.all(
        accountIds.slice(i, i + 16).map((accountId) =>
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
    await until(pg, `SELECT count(*) AS n FROM o2c_messaging.handled_messages WHERE group_id = $1`, ['o2c.invoicing.accounts'], ACCOUNTS, 'invoicing learning the accounts');
    const invoices: { accountId: string; invoiceId: string }[] = [];
    for (let i = 0; i < accountIds.length; i += 16) {
      await Promise.all(
        accountIds.slice(i, i + 16).flatMap((accountId) =>
          Array.from({ length: INVOICES_PER_ACCOUNT }, async (_, k) => {
            const orderId = `${accountId}-O${k}`;
            await post(base, '/ingress/orders', {
              messageId: `bench-order-${orderId}`,
              type: 'OrderDelivered',
              data: { orderId, accountId, currency: 'EUR', deliveredAt: '2026-11-20T08:00:00Z', lines: [{ description: 'paper', quantity: 100, unitPriceMinor: 5_00, taxRateBp: 2000 }] },
            });
            invoices.push({ accountId, invoiceId: `INV-${orderId}` });
          }),
        ),
      );
    }
    await until(pg, `SELECT count(*) AS n FROM o2c_disputes.invoices`, [], invoices.length, 'disputes learning the invoices');
    await baselinePg.query(`CREATE TABLE IF NOT EXISTS bench_roundtrip (id bigserial PRIMARY KEY, payload text NOT NULL)`);
    log(`${ACCOUNTS} accounts, ${invoices.length} invoices; background ${EVENTS_RATE} stored events/s through the ingress ${INGRESS === 'topic' ? 'topic' : 'over HTTP'} for ${SECONDS} s`);

    const commits = new CommitTimes(listener);
    await commits.start();
    const load = backgroundLoad(base, headPg, invoices, app.get<MessageTransport>(MESSAGE_TRANSPORT));
    await sleep(3_000); // let the load reach its pace before sampling
    const headBefore = await storeHead(baselinePg);
    const sampledFrom = nowMs();
    const freshness: number[] = [];
    const fromResponse: number[] = [];
    const commandToView: number[] = [];
    const baseline: number[] = [];
    let disputes = 0;
    const end = Date.now() + SECONDS * 1000;
    while (Date.now() < end) {
      const invoice = invoices[disputes % invoices.length];
      const disputeId = `B-${disputes++}`;
      const t0 = nowMs();
      const opened = (await post(base, '/disputes', { disputeId, invoiceId: invoice.invoiceId, amountMinor: 1_00, cause: 'price' })) as DisputeAnswer;
      const t1 = nowMs();
      const openedAt = BigInt(opened.history.at(-1)!.position);
      await waitForRow(pg, 'disputes_sla', disputeId, openedAt);
      const t2 = nowMs();
      freshness.push(t2 - (await commits.of(openedAt)));
      commandToView.push(t2 - t0);
      fromResponse.push(t2 - t1);

      const r0 = nowMs();
      const resolved = (await post(base, `/disputes/${disputeId}/resolve`, { outcome: 'rejected', rootCause: 'bench' })) as DisputeAnswer;
      const r1 = nowMs();
      const position = BigInt(resolved.history.at(-1)!.position);
      await waitForRow(pg, 'disputes_sla', disputeId, position);
      await waitForRow(pg, 'disputes_resolved', disputeId, position);
      const r2 = nowMs();
      freshness.push(r2 - (await commits.of(position)));
      commandToView.push(r2 - r0);
      fromResponse.push(r2 - r1);

      const b0 = nowMs();
      const { rows } = await baselinePg.query(`INSERT INTO bench_roundtrip (payload) VALUES ($1) RETURNING id`, [disputeId]);
      await baselinePg.query(`SELECT payload FROM bench_roundtrip WHERE id = $1`, [rows[0].id]);
      baseline.push(nowMs() - b0);
      await sleep(50);
    }
    const headAfter = await storeHead(baselinePg);
    const sampledSeconds = (nowMs() - sampledFrom) / 1000;
    const background = await load.stop();
    const steady = background.perSecond.slice(3, 3 + Math.floor(sampledSeconds));
    const result = {
      bench: 'sla',
      seconds: Math.round(background.seconds),
      ingress: INGRESS,
      offeredStoreEventsPerSec: EVENTS_RATE,
      storeEventsPerSec: Math.round(Number(headAfter - headBefore) / sampledSeconds),
      storeEventsPerSecP10: percentile(steady, 10),
      paymentsSentPerSec: Math.round(background.done / background.seconds),
      paymentsFailed: background.failed,
      paymentsSkippedAtInFlightLimit: background.skipped,
      samples: freshness.length,
      slaFreshnessP50Ms: percentile(freshness, 50),
      slaFreshnessP99Ms: percentile(freshness, 99),
      slaFreshnessMaxMs: percentile(freshness, 100),
      commandToViewP50Ms: percentile(commandToView, 50),
      commandToViewP99Ms: percentile(commandToView, 99),
      fromResponseP99Ms: percentile(fromResponse, 99),
      baselineInsertSelectP50Ms: percentile(baseline, 50),
      baselineInsertSelectP99Ms: percentile(baseline, 99),
      cpus: cpus().length,
      loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
      targets: { slaFreshnessP99Ms: percentile(freshness, 99) <= 1000, storeEventsPerSec: Number(headAfter - headBefore) / sampledSeconds >= EVENTS_RATE * 0.98 },
    };
    log(`${result.samples} samples; background ${result.paymentsSentPerSec} payments/s sent (${result.storeEventsPerSec} events/s stored)`);
    console.log(JSON.stringify(result));
  } finally {
    await pg.end().catch(() => undefined);
    await baselinePg.end().catch(() => undefined);
    await listener.end().catch(() => undefined);
    await headPg.end().catch(() => undefined);
    await app?.close();
    agent.destroy();
    await stopPostgres?.();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
