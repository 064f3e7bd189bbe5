/**
 * `npm run bench:verify`: `o2c audit verify` on a large store, with flat memory. Builds a store of BENCH_EVENTS
 * (1,000,000) events over BENCH_STREAMS (250,000) streams through the store's own append (group commits of concurrent
 * appends: the real hash chain), each stream written in BENCH_EVENTS_PER_APPEND-event appends spread over the whole
 * log, so most streams fall out of the walk's bounded cache of stream heads between two of their events and are read
 * back from the store. Then, in the same run: the baseline (the same pages read, canonical bytes included, nothing
 * hashed) and the verification, with its peak RSS. A store already holding BENCH_EVENTS events (DATABASE_URL naming a database an earlier
 * run built) is only topped up to that count, never rebuilt. One JSON object on the last line.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { NewEvent } from '@o2c/event-store';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { Pool } from 'pg';
import { verifyLog, type AuditSql } from '../../libs/audit/src/verify-log/verify-log';
import { benchDatabase } from '../support/database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 250_000);
const PER_APPEND = Number(process.env.BENCH_EVENTS_PER_APPEND ?? 2);
const APPENDERS = Number(process.env.BENCH_APPENDERS ?? 32);
const STREAM_CACHE = process.env.BENCH_STREAM_CACHE ? Number(process.env.BENCH_STREAM_CACHE) : undefined;
const PAGE = 5_000;
const log = (line: string) => console.error(`[bench:verify] ${line}`);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

const metadata = { correlationId: 'bench', causationId: 'bench', actor: 'bench:verify', occurredAt: '2026-11-25T09:00:00.000Z' };
const newEvent = (stream: number, i: number): NewEvent => ({
  id: randomUUID(),
  type: 'PaymentAllocated',
  data: { invoiceId: `INV-${stream}`, accountId: `ACC-${stream % 20_000}`, paymentId: `PAY-${stream}-${i}`, amount: { amountMinor: 12_345 + (i % 1000), currency: 'EUR' }, allocatedOn: '2026-11-25', note: 'é "quoted"\n' },
  metadata,
});

/** Appends until the store holds EVENTS events: append k goes to stream k mod STREAMS, APPENDERS appends in flight. */
async function build(store: PostgresEventStore, sql: AuditSql): Promise<{ built: number; perSec: number }> {
  const [{ last }] = await sql<{ last: string }>('SELECT last::text AS last FROM o2c_es.positions WHERE id = 1');
  const have = Number(last);
  if (have >= EVENTS) return { built: 0, perSec: 0 };
  const appends = Math.ceil((EVENTS - have) / PER_APPEND);
  const first = Math.ceil(have / PER_APPEND);
  const started = process.hrtime.bigint();
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: APPENDERS }, async () => {
      for (let k = next++; k < appends; k = next++) {
        const n = first + k;
        const stream = n % STREAMS;
        await store.appendToStream(`bench-${stream}`, Array.from({ length: PER_APPEND }, (_, i) => newEvent(stream, Math.floor(n / STREAMS) * PER_APPEND + i)));
        if (++done % 20_000 === 0) log(`built ${have + done * PER_APPEND} of ${EVENTS} events (${Math.round((done * PER_APPEND) / seconds(started))}/s)`);
      }
    }),
  );
  return { built: appends * PER_APPEND, perSec: Math.round((appends * PER_APPEND) / seconds(started)) };
}

/** The walk's reads alone: the same pages and columns, canonical bytes included, nothing hashed or compared. */
async function readBaseline(sql: AuditSql): Promise<number> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let after = '0';
  for (;;) {
    const page = await sql<{ position: string }>(
      `SELECT position::text AS position, stream_name, revision::text AS revision, hash, stream_hash,
          o2c_es.event_canonical(position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at) AS canonical
        FROM o2c_es.events e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
      [after, PAGE],
    );
    if (page.length === 0) break;
    rows += page.length;
    after = page[page.length - 1].position;
  }
  return Math.round(rows / seconds(started));
}

async function main(): Promise<void> {
  const database = await benchDatabase('bench_verify', log);
  const pool = new Pool({ connectionString: database.databaseUrl, max: 2 });
  const sql: AuditSql = async <R extends object>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[];
  try {
    const store = await PostgresEventStore.connect({ url: database.databaseUrl, poolSize: 8 });
    const built = await build(store, sql);
    await store.close();
    log(`store built: ${built.built} events appended (${built.perSec}/s)`);
    const [{ events, streams }] = await sql<{ events: string; streams: string }>('SELECT (SELECT count(*) FROM o2c_es.events)::text AS events, (SELECT count(*) FROM o2c_es.streams)::text AS streams');
    await sql('VACUUM ANALYZE o2c_es.events');
    const baselinePerSec = await readBaseline(sql);
    log(`baseline (pages read, nothing hashed): ${baselinePerSec} events/s`);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let maxRss = rssBefore;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage().rss)), 100);
    let lastLog = 0;
    const report = await verifyLog(sql, {
      pageSize: PAGE,
      streamCacheSize: STREAM_CACHE,
      onProgress: (verified, total) => {
        if (verified - lastLog < 200_000) return;
        lastLog = verified;
        log(`verified ${verified} of ${total}`);
      },
    });
    clearInterval(sampler);
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
    log(`verify: ${report.eventsVerified} events, ${report.perSec}/s, ${report.problems.length} problems, peak RSS ${mib(maxRss)} MiB`);
    console.log(
      JSON.stringify({
        bench: 'verify',
        events: Number(events),
        streams: Number(streams),
        streamCacheSize: STREAM_CACHE ?? 100_000,
        built: built.built,
        buildPerSec: built.perSec,
        eventsVerified: report.eventsVerified,
        perSec: report.perSec,
        problems: report.problems.length,
        baselineReadPerSec: baselinePerSec,
        ratio: Number((report.perSec / baselinePerSec).toFixed(2)),
        rssBeforeMiB: mib(rssBefore),
        maxRssMiB: mib(maxRss),
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      }),
    );
  } finally {
    await pool.end();
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
