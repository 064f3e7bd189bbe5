/**
 * `npm run bench:store`: the event store against baselines measured in the same
 * run, on the same embedded PostgreSQL. Prints progress, then one JSON object
 * on its last line (with the load average: figures on a shared machine mean little
 * without it). The batched append and its two baselines run interleaved, batch by
 * batch. BENCH_SCALE (default 1) scales every event count; DATABASE_URL uses that
 * server instead of an embedded one.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { NewEvent } from '@o2c/event-store';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { startEmbeddedPostgres } from '@o2c/kernel';
import { Client } from 'pg';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const BATCH = 1000;
const BATCHED_EVENTS = Math.max(BATCH, Math.round(1_000_000 * scale));
const WARMUP = 5;
const WRITERS = 32;
const APPENDS_PER_WRITER = Math.max(10, Math.round(300 * scale));
const log = (line: string) => console.log(`[bench:store] ${line}`);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

const metadata = { correlationId: 'bench', causationId: 'bench', actor: 'bench:store', occurredAt: '2026-11-25T09:00:00.000Z' };
const payload = (i: number) => ({ invoiceId: `INV-${i}`, accountId: `ACC-${i % 5000}`, amountMinor: 12_345 + (i % 1000), currency: 'EUR', lines: [{ sku: 'S-1', qty: 2 }] });
const newEvent = (i: number): NewEvent => ({ id: randomUUID(), type: 'InvoiceIssued', data: payload(i), metadata });

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Baseline: the same rows, in batches of 1,000, by one multi-row INSERT each (the same parameters as our append)
 * into a bare table with no index or constraint; `keyed` adds the two keys our events table needs (position, and
 * stream name + revision) to show what the store's own logic costs beyond index upkeep. Returns one batch's writer.
 */
async function rawInserter(url: string, keyed: boolean): Promise<{ batch: (b: number) => Promise<void>; close: () => Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE TABLE bare_events (position bigint, stream_name text, revision bigint, event_id uuid, event_type text, schema_version int, data jsonb, metadata jsonb, recorded_at timestamptz${keyed ? ", PRIMARY KEY (position), UNIQUE (stream_name, revision)" : ""})`);
  const meta = JSON.stringify(metadata);
  const batch = async (b: number): Promise<void> => {
    const positions: string[] = [];
    const revisions: string[] = [];
    const ids: string[] = [];
    const data: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      positions.push(String(b * BATCH + i + 1));
      revisions.push(String(i));
      ids.push(randomUUID());
      data.push(JSON.stringify(payload(b * BATCH + i)));
    }
    await client.query(
      `INSERT INTO bare_events SELECT p, s, r, id, t, v, d::jsonb, m::jsonb, now()
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[]) AS u(p, s, r, id, t, v, d, m)`,
      [positions, Array(BATCH).fill(`invoice-raw-${b}`), revisions, ids, Array(BATCH).fill('InvoiceIssued'), Array(BATCH).fill(1), data, Array(BATCH).fill(meta)],
    );
  };
  return { batch, close: () => client.end() };
}

/**
 * Batched appends and both baselines, interleaved batch by batch (raw, keyed, store, raw, keyed, store...): on a shared
 * machine the load changes within seconds, and interleaving gives each side the same conditions. Each side has the same
 * warm-up (WARMUP batches, not timed), one connection writing at a time, batches of 1,000, and is timed per batch,
 * building its rows included. Returns events/s of each.
 */
async function batchedAppendAndBaselines(
  store: PostgresEventStore,
  raw: (b: number) => Promise<void>,
  keyed: (b: number) => Promise<void>,
): Promise<{ batchedAppendPerSec: number; rawInsertPerSec: number; rawKeyedInsertPerSec: number }> {
  const storeBatch = (b: number) =>
    store.appendToStream(`invoice-b${b}`, Array.from({ length: BATCH }, (_, i) => newEvent(b * BATCH + i)), { expectedRevision: 'no_stream' });
  const timed = async (run: () => Promise<unknown>): Promise<number> => {
    const start = process.hrtime.bigint();
    await run();
    return seconds(start);
  };
  for (let w = 0; w < WARMUP; w++) {
    await raw(BATCHED_EVENTS / BATCH + w);
    await keyed(BATCHED_EVENTS / BATCH + w);
    await storeBatch(BATCHED_EVENTS / BATCH + w);
  }
  let rawSeconds = 0;
  let keyedSeconds = 0;
  let storeSeconds = 0;
  for (let b = 0; b < BATCHED_EVENTS / BATCH; b++) {
    rawSeconds += await timed(() => raw(b));
    keyedSeconds += await timed(() => keyed(b));
    storeSeconds += await timed(() => storeBatch(b));
    if ((b + 1) % 200 === 0) log(`batched append and baselines: ${(b + 1) * BATCH} events each`);
  }
  return { batchedAppendPerSec: BATCHED_EVENTS / storeSeconds, rawInsertPerSec: BATCHED_EVENTS / rawSeconds, rawKeyedInsertPerSec: BATCHED_EVENTS / keyedSeconds };
}

async function concurrentSingle(store: PostgresEventStore): Promise<number> {
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const stream = `account-w${w}`;
      let expected: bigint | 'no_stream' = 'no_stream';
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        expected = (await store.appendToStream(stream, [newEvent(i)], { expectedRevision: expected })).nextExpectedRevision;
      }
    }),
  );
  return (WRITERS * APPENDS_PER_WRITER) / seconds(start);
}

async function peerConcurrentSingle(url: string): Promise<number> {
  const peer = getPostgreSQLEventStore(url);
  await peer.schema.migrate();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const stream = `account-w${w}`;
      let expected: bigint | undefined;
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        const event = { type: 'InvoiceIssued', data: payload(i), metadata: { correlationId: 'bench', causationId: 'bench', actor: 'bench:store' } };
        const result = await peer.appendToStream(stream, [event], expected === undefined ? {} : { expectedStreamVersion: expected });
        expected = result.nextExpectedStreamVersion;
      }
    }),
  );
  const perSec = (WRITERS * APPENDS_PER_WRITER) / seconds(start);
  await peer.close();
  return perSec;
}

async function subscriptionRead(store: PostgresEventStore, total: number): Promise<number> {
  let seen = 0;
  let last = 0n;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const start = process.hrtime.bigint();
  const subscription = store.subscribeToAll({ from: 'start', maxBatchSize: 5000 }, async (batch) => {
    for (const event of batch) {
      if (event.position <= last) throw new Error(`out of order at ${event.position}`);
      last = event.position;
    }
    seen += batch.length;
    if (seen >= total) resolveDone();
  });
  await Promise.race([done, subscription.done]);
  const perSec = seen / seconds(start);
  await subscription.stop();
  if (seen !== total) throw new Error(`subscription read ${seen} events, expected ${total}`);
  return perSec;
}

async function main(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  let stopPostgres: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'o2c-bench-store-'));
    const port = 55_000 + Math.floor(Math.random() * 5000);
    const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, persistent: false });
    adminUrl = postgres.url;
    stopPostgres = () => postgres.stop();
    log(`embedded PostgreSQL on port ${port}`);
  }
  try {
    log(`scale ${scale}: ${BATCHED_EVENTS} events in batches of ${BATCH}; ${WRITERS} writers x ${APPENDS_PER_WRITER} single appends`);
    const raw = await rawInserter(await createDatabase(adminUrl, 'bench_raw'), false);
    const keyed = await rawInserter(await createDatabase(adminUrl, 'bench_raw_keyed'), true);
    const store = await PostgresEventStore.connect({ url: await createDatabase(adminUrl, 'bench_store') });
    const { batchedAppendPerSec, rawInsertPerSec, rawKeyedInsertPerSec } = await batchedAppendAndBaselines(store, raw.batch, keyed.batch);
    await raw.close();
    await keyed.close();
    log(`raw INSERT into a bare table: ${Math.round(rawInsertPerSec)} events/s`);
    log(`raw INSERT into a table with our two keys: ${Math.round(rawKeyedInsertPerSec)} events/s`);
    log(`batched append: ${Math.round(batchedAppendPerSec)} events/s`);
    const concurrentSingleAppendPerSec = await concurrentSingle(store);
    log(`32 concurrent single appends: ${Math.round(concurrentSingleAppendPerSec)} appends/s`);
    const peerConcurrentSingleAppendPerSec = await peerConcurrentSingle(await createDatabase(adminUrl, 'bench_peer'));
    log(`peer (emmett-postgresql): ${Math.round(peerConcurrentSingleAppendPerSec)} appends/s`);
    const stored = BATCHED_EVENTS + WARMUP * BATCH + WRITERS * APPENDS_PER_WRITER;
    const subscriptionReadPerSec = await subscriptionRead(store, stored);
    log(`catch-up subscription over ${stored} events: ${Math.round(subscriptionReadPerSec)} events/s`);
    await store.close();

    const ratio = batchedAppendPerSec / rawInsertPerSec;
    const vsPeer = concurrentSingleAppendPerSec / peerConcurrentSingleAppendPerSec;
    const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    const round = (n: number) => Math.round(n);
    console.log(
      JSON.stringify({
        bench: 'store',
        scale,
        events: stored,
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
        batchedAppendPerSec: round(batchedAppendPerSec),
        rawInsertPerSec: round(rawInsertPerSec),
        ratio: Number(ratio.toFixed(3)),
        rawKeyedInsertPerSec: round(rawKeyedInsertPerSec),
        ratioVsKeyedTable: Number((batchedAppendPerSec / rawKeyedInsertPerSec).toFixed(3)),
        concurrentSingleAppendPerSec: round(concurrentSingleAppendPerSec),
        peerConcurrentSingleAppendPerSec: round(peerConcurrentSingleAppendPerSec),
        vsPeer: Number(vsPeer.toFixed(2)),
        subscriptionReadPerSec: round(subscriptionReadPerSec),
        subscriptionEvents: stored,
        rssMiB,
        targets: { ratio: ratio >= 0.8, vsPeer: vsPeer >= 2, subscriptionReadPerSec: subscriptionReadPerSec >= 100_000 },
      }),
    );
  } finally {
    await stopPostgres?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
