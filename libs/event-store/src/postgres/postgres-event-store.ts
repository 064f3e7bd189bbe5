import { from as copyFrom } from 'pg-copy-streams';
import { Client, Pool, types, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import {
  InvalidAppendError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type BatchHandler,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type ListStreamsOptions,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreHealth,
  type StreamInfo,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../event-store.port';
import { prepareAppend as prepare, type PreparedEvent } from '../append-validation';
import { int4Array, int8Array, repeatedTextArray, textArray, uuidArray } from './binary-arrays';
import { linkEvents, ZERO_LINK, type ChainRow } from './canonical';
import { COPY_COLUMNS, COPY_HEADER, COPY_TRAILER, CopyEncoder } from './copy-events';
import { migrate } from './schema';
import { filterMatcher } from '../event-filter';
import { PgSubscription, SharedTail, type SubscriptionPage, type TailAccess } from './subscriptions';

export interface PostgresEventStoreOptions {
  readonly url: string;
  /** Connections in the pool (reads, subscriptions); appends use one of them at a time. */
  readonly poolSize?: number;
  /** Largest group commit: appends and events written in one transaction. */
  readonly maxAppendsPerCommit?: number;
  readonly maxEventsPerCommit?: number;
  /** Positions in a filtered subscription's window of the store (default 20,000), read at once and shared by filter. */
  readonly filteredPageWindow?: number;
  /** How long a live subscription waits for a notification before it looks anyway. */
  readonly pollIntervalMs?: number;
  /**
   * Live all-stream subscriptions share one reader of the tail (default true): one unfiltered page per commit
   * notification, parsed once, each subscription given its filtered slice. false: each reads its own pages.
   */
  readonly sharedTail?: boolean;
  /** Rows per read of the shared tail. */
  readonly tailPageSize?: number;
  /** Events a live subscription may have waiting on the tail before it is let go to read its own pages (bounds memory). */
  readonly tailBufferEvents?: number;
  /** Test hook: runs inside the append transaction, holding its positions, just before it writes (simulates slow commits). */
  readonly beforeCommit?: () => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

const NOTIFY_CHANNEL = 'o2c_es_events'; // also named in o2c_es.append_events (schema.ts)
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** True for errors that mean "the server is not there right now", as opposed to a bug or a rule. */
export function isConnectionError(error: unknown): boolean {
  // Duck-typed: errors from node's net layer may come from another realm (Jest's sandbox), where instanceof Error fails.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|not queryable|the database system is (starting up|shutting down)/i.test(
      message,
    );
}

function unavailable(error: unknown): StoreUnavailableError {
  const message = (error as { message?: unknown } | null)?.message;
  return new StoreUnavailableError(typeof message === 'string' ? message : String(error), error);
}

interface PendingAppend {
  readonly streamName: string;
  readonly events: readonly PreparedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface LockedRow extends QueryResultRow {
  stream_name: string;
  revision: string;
  last_hash: Buffer | null;
  position: string;
  all_hash: Buffer | null;
  at: string;
}

const EVENT_COLUMNS = 'position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at';

/** A row of EVENT_COLUMNS in array mode (no per-row object with named keys: reads of $all are hot). */
type EventRow = [string, string, string, string, string, number, unknown, RecordedEvent['metadata'], Date];
/** A filtered subscription's row: the event's columns (all null on an empty page), then the head of $all. */
type HeadRow = [...EventRow, string] | [null, null, null, null, null, null, null, null, null, string];

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: row[6],
    metadata: row[7],
    streamName: row[1],
    revision: BigInt(row[2]),
    position: BigInt(row[0]),
    recordedAt: row[8],
  };
}

const TIMESTAMPTZ = 1184;
const parseTimestamptz = types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date;

/** timestamptz as the server prints it in UTC (`2026-11-30 23:00:00.123456+00`) without a regex; any other form as pg does. */
export function parseUtcTimestamptz(text: string): Date {
  if (text.length >= 22 && text.length <= 29 && text.endsWith('+00') && text[10] === ' ' && (text.length === 22 || text[19] === '.')) {
    const ms = text.length === 22 ? 0 : Number(text.slice(20, 23).padEnd(3, '0'));
    const time = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)), Number(text.slice(11, 13)), Number(text.slice(14, 16)), Number(text.slice(17, 19)), ms);
    if (!Number.isNaN(time) && Number(text.slice(0, 4)) >= 100) return new Date(time);
  }
  return parseTimestamptz(text);
}

const EVENT_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMPTZ && format !== 'binary' ? parseUtcTimestamptz : types.getTypeParser(oid, format))) as typeof types.getTypeParser,
};

const escapeLike = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL for an EventFilter; parameters are appended to `params`. Prefixes within a kind are OR-ed, kinds AND-ed. */
function filterSql(filter: EventFilter | undefined, params: unknown[]): string {
  const clauses: string[] = [];
  if (filter?.streamNamePrefixes?.length) {
    params.push(filter.streamNamePrefixes.map(escapeLike));
    clauses.push(`stream_name LIKE ANY($${params.length}::text[])`);
  }
  if (filter?.eventTypePrefixes?.length) {
    params.push(filter.eventTypePrefixes.map(escapeLike));
    clauses.push(`event_type LIKE ANY($${params.length}::text[])`);
  }
  return clauses.length ? ` AND ${clauses.join(' AND ')}` : '';
}

/** Positions in a filtered subscription's window (subscribeToAll). */
const FILTERED_WINDOW = 20_000;
/** Kept windows, at most: so many windows, so many events in all (the one just read is kept whatever its size). */
const SHARED_WINDOWS = 256;
const SHARED_EVENTS = 50_000;

interface FilteredWindow {
  /** The head of $all when the window was read. */
  readonly head: bigint;
  /** The window's matching events, in position order. */
  readonly events: RecordedEvent[];
}

/** The index of the first event after `position` (events in position order). */
function firstAfter(events: readonly RecordedEvent[], position: bigint): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle].position <= position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** From this many rows a group commit is written by binary COPY, sent in chunks of at least MIN_CHUNK rows, at most MAX_CHUNKS. */
const COPY_FROM = 256;
const MIN_CHUNK = 250;
const MAX_CHUNKS = 4;

/** The stream name of every row, as text[]: one append's rows share theirs, so the usual batch repeats one name. */
function streamNameArray(rows: readonly ChainRow[]): Buffer {
  const first = rows[0].streamName;
  return rows.every((r) => r.streamName === first) ? repeatedTextArray(first, rows.length) : textArray(rows.map((r) => r.streamName));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The event store on PostgreSQL, the embedded default.
 *
 * No gaps, commit order: `$all` positions are taken from a one-row counter,
 * whose row lock the append transaction holds until COMMIT (it is short: one
 * round trip to lock streams and take positions, one to write, COMMIT). The
 * lock serialises position taking, and a commit is visible before its locks
 * are released, so positions become visible in order, contiguously, and a
 * rolled-back append burns none: a reader at the head can never pass a
 * position that a late commit fills later (PITFALLS: the bigserial gap).
 * Throughput comes from group commit: concurrent appends in this process share
 * one transaction. The tamper-evident links are computed in node under the
 * lock (canonical.ts), the write is one statement (o2c_es.write_events).
 */
export class PostgresEventStore implements EventStore {
  private readonly queue: PendingAppend[] = [];
  private readonly streamReads: { readonly streamName: string; readonly fromRevision: bigint; readonly resolve: (events: RecordedEvent[]) => void; readonly reject: (error: unknown) => void }[] = [];
  private writing = false;
  private closed = false;
  private readonly subscriptions = new Set<PgSubscription>();
  private listener?: Client;
  private listenerConnecting?: Promise<void>;
  private readonly wakers = new Set<() => void>();
  private notifications = 0;
  private readonly tail: SharedTail;
  /** Filtered windows being read or wholly below the head, by filter and start, newest last (see subscribeToAll); their events. */
  private readonly windows = new Map<string, { readonly reading: Promise<FilteredWindow>; events: number }>();
  private windowEvents = 0;
  private readonly windowStats = { reads: 0, pages: 0 };

  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {
    const tailSql = `SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE position > $1 ORDER BY position LIMIT $2`;
    this.tail = new SharedTail({
      pageSize: options.tailPageSize ?? 1_000,
      maxBuffered: options.tailBufferEvents ?? 10_000,
      readAfter: (after, limit) => this.readEvents(tailSql, [after.toString(), limit]),
      readHead: async () => BigInt((await this.query<{ last: string }>('SELECT last FROM o2c_es.positions WHERE id = 1', []))[0].last),
      waitForAppend: () => this.waitForAppend(this.options.pollIntervalMs ?? 500),
      notifications: () => this.notifications,
      onError: (error) => this.options.onError?.(error),
      closed: () => this.closed,
    });
  }

  /** Connects, runs the migrations (safe when several processes start at once) and returns the store. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
    const onError = options.onError ?? (() => undefined);
    // node-postgres emits 'error' on idle and checked-out clients when the server goes away; unhandled, it kills the process.
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    const store = new PostgresEventStore(pool, options);
    const client = await pool.connect().catch((error: unknown) => {
      void pool.end();
      throw isConnectionError(error) ? unavailable(error) : error;
    });
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    return store;
  }

  // ---- appends ------------------------------------------------------------

  appendToStream(streamName: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    let prepared: PreparedEvent[];
    try {
      prepared = prepare(streamName, events);
    } catch (error) {
      return Promise.reject(error);
    }
    const expected = options.expectedRevision ?? 'any';
    if (typeof expected === 'bigint' && expected < 0n) {
      return Promise.reject(new InvalidAppendError('expectedRevision', 'expectedRevision must be a non-negative revision'));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamName, events: prepared, expected, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.writeLoop());
      }
    });
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        await this.commitBatch(batch);
      }
    } finally {
      this.writing = false;
      if (this.queue.length > 0 && !this.writing) {
        this.writing = true;
        setImmediate(() => void this.writeLoop());
      }
    }
  }

  private takeBatch(): PendingAppend[] {
    const maxAppends = this.options.maxAppendsPerCommit ?? 1_000;
    const maxEvents = this.options.maxEventsPerCommit ?? 10_000;
    const batch: PendingAppend[] = [];
    let events = 0;
    while (this.queue.length > 0 && batch.length < maxAppends) {
      const next = this.queue[0];
      if (batch.length > 0 && events + next.events.length > maxEvents) break;
      batch.push(this.queue.shift()!);
      events += next.events.length;
    }
    return batch;
  }

  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const append of batch) append.reject(isConnectionError(error) ? unavailable(error) : error);
      return;
    }
    const outcomes = new Map<PendingAppend, { result: AppendResult } | { error: unknown }>();
    let broken = false;
    // The last round trip: COMMIT, after what the write left to do (a COPY leaves the heads and the notification).
    let commit = 'COMMIT';
    try {
      const names = [...new Set(batch.map((a) => a.streamName))].sort();
      const taken = batch.reduce((n, a) => n + a.events.length, 0);
      // One round trip opens the transaction, creates missing stream rows (revision -1: "no stream"), locks them all in
      // name order (the upsert's DO UPDATE takes the row lock) and returns their revisions and chain heads; then, once
      // they are locked (so processes never deadlock), it takes positions for every event of the batch from the counter.
      // From here to COMMIT this transaction holds the counter's row lock, so positions become visible in order and
      // contiguously; a rollback burns none, and positions of appends refused below are given back before COMMIT.
      // (Simple-query protocol, to send BEGIN in the same round trip: stream names are escaped literals.)
      const opened = (await client.query(
        `BEGIN;
         WITH s AS (
           INSERT INTO o2c_es.streams AS s (stream_name, revision) SELECT unnest(ARRAY[${names.map((n) => client.escapeLiteral(n)).join(', ')}]::text[]), -1
             ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision RETURNING stream_name, revision, last_hash),
         p AS (
           UPDATE o2c_es.positions SET last = last + ${taken} WHERE id = 1 AND (SELECT count(*) FROM s) > 0
             RETURNING last, last_hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at)
         SELECT s.stream_name, s.revision, s.last_hash, p.last AS position, p.last_hash AS all_hash, p.at FROM s CROSS JOIN p`,
      )) as unknown as [unknown, QueryResult<LockedRow>];
      const locked = opened[1];
      const { position: takenLast, all_hash: allHead, at } = locked.rows[0];
      const firstPosition = BigInt(takenLast) - BigInt(taken) + 1n;
      const revisions = new Map(locked.rows.map((r) => [r.stream_name, BigInt(r.revision)]));
      // Each stream's chain head, stable while this transaction holds the stream rows.
      const streamLinks = new Map(locked.rows.map((r) => [r.stream_name, r.last_hash ?? ZERO_LINK]));
      // An idempotent repeat can only be among stored events when the expectation does not simply hold
      // (a new stream, or the exact current revision): look up only those appends' ids.
      const suspects = batch.filter((a) => {
        const current = revisions.get(a.streamName) ?? -1n;
        return !((a.expected === 'no_stream' && current < 0n) || (typeof a.expected === 'bigint' && a.expected === current));
      });
      const stored = new Map<string, { revision: bigint; position: bigint }>();
      if (suspects.length > 0) {
        const known = await client.query<{ event_id: string; stream_name: string; revision: string; position: string }>(
          'SELECT event_id, stream_name, revision, position FROM o2c_es.events WHERE event_id = ANY($1::uuid[]) AND stream_name = ANY($2::text[])',
          [suspects.flatMap((a) => a.events.map((e) => e.id)), [...new Set(suspects.map((a) => a.streamName))]],
        );
        for (const r of known.rows) stored.set(`${r.stream_name}\u0000${r.event_id}`, { revision: BigInt(r.revision), position: BigInt(r.position) });
      }

      const rows: ChainRow[] = [];
      const accepted: { append: PendingAppend; firstRow: number }[] = [];
      const inBatch = new Map<string, { revision: bigint; append: PendingAppend }>();
      for (const append of batch) {
        const current = revisions.get(append.streamName) ?? -1n;
        const earlier = append.events.map((e) => stored.get(`${append.streamName}\u0000${e.id}`) ?? inBatch.get(`${append.streamName}\u0000${e.id}`));
        if (earlier.some((e) => e !== undefined)) {
          outcomes.set(append, this.idempotentOutcome(append, earlier, current));
          continue;
        }
        const actual = current < 0n ? 'no_stream' : current;
        const expected = append.expected;
        const matches =
          expected === 'any' ||
          (expected === 'no_stream' && current < 0n) ||
          (expected === 'stream_exists' && current >= 0n) ||
          (typeof expected === 'bigint' && expected === current);
        if (!matches) {
          outcomes.set(append, { error: new WrongExpectedRevisionError(append.streamName, expected, actual) });
          continue;
        }
        accepted.push({ append, firstRow: rows.length });
        append.events.forEach((event, i) => {
          const revision = current + 1n + BigInt(i);
          rows.push({ streamName: append.streamName, revision, event });
          inBatch.set(`${append.streamName}\u0000${event.id}`, { revision, append });
        });
        revisions.set(append.streamName, current + BigInt(append.events.length));
      }

      if (rows.length < taken) {
        // Some appends were refused or were idempotent repeats: give their positions back (we still hold the counter).
        await client.query('UPDATE o2c_es.positions SET last = $1 WHERE id = 1', [(firstPosition + BigInt(rows.length) - 1n).toString()]);
      }
      if (rows.length > 0) {
        const touched = [...new Set(accepted.map((a) => a.append.streamName))];
        await this.options.beforeCommit?.();
        // Under the counter's lock, node links each event into the $all chain and its stream's chain and writes it:
        // a large batch by binary COPY (copy-events.ts), a small one by o2c_es.write_events with binary arrays.
        if (rows.length >= COPY_FROM) {
          commit = await this.copyRows(client, rows, firstPosition, at, allHead ?? ZERO_LINK, streamLinks, touched, revisions);
        } else {
          const links = linkEvents(rows, firstPosition, at, allHead ?? ZERO_LINK, streamLinks);
          await client.query(
            `SELECT o2c_es.write_events($1, $2::timestamptz, $3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::bigint[], $8::uuid[], $9::text[],
               $10::int[], $11::text[], $12::text[], $13::bytea, $14::bytea)`,
            [
              firstPosition.toString(),
              at,
              touched,
              touched.map((n) => revisions.get(n)!.toString()),
              touched.map((n) => streamLinks.get(n)!),
              streamNameArray(rows),
              int8Array(rows.map((r) => r.revision)),
              uuidArray(rows.map((r) => r.event.id)),
              textArray(rows.map((r) => r.event.type)),
              int4Array(rows.map((r) => r.event.schemaVersion)),
              textArray(rows.map((r) => r.event.data)),
              textArray(rows.map((r) => r.event.metadata)),
              links.all,
              links.stream,
            ],
          );
        }
        const first = firstPosition;
        for (const { append, firstRow } of accepted) {
          const lastRow = firstRow + append.events.length - 1;
          outcomes.set(append, { result: { nextExpectedRevision: rows[lastRow].revision, position: first + BigInt(lastRow) } });
        }
        // Idempotent repeats of events written earlier in this same batch resolve to the batch's positions.
        for (const [append, outcome] of outcomes) {
          if ('result' in outcome && outcome.result.position < 0n) {
            const lastRow = rows.findIndex((r) => r.streamName === append.streamName && r.event.id === append.events.at(-1)!.id);
            outcomes.set(append, { result: { nextExpectedRevision: rows[lastRow].revision, position: first + BigInt(lastRow) } });
          }
        }
      }
      await client.query(commit);
    } catch (error) {
      broken = isConnectionError(error);
      await client.query('ROLLBACK').catch(() => undefined);
      // Nothing of this batch was written: every append in it fails alike (they were not at fault unless it was a bug).
      const failure = broken ? unavailable(error) : error;
      for (const append of batch) append.reject(failure);
      client.release(broken ? (error as Error) : undefined);
      return;
    }
    client.release();
    for (const append of batch) {
      const outcome = outcomes.get(append)!;
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    }
  }

  /**
   * Writes rows by binary COPY, linking them chunk by chunk: each chunk goes to the server as soon as it is linked, so
   * the server stores one while node links the next. Returns the statements that finish the append with its COMMIT,
   * in one simple-protocol round trip: the $all chain's head, each touched stream's revision and head, the wake-up of
   * live subscriptions (what o2c_es.write_events does after its INSERT).
   */
  private async copyRows(
    client: PoolClient,
    rows: readonly ChainRow[],
    firstPosition: bigint,
    at: string,
    allHead: Buffer,
    streamLinks: Map<string, Buffer>,
    touched: readonly string[],
    revisions: ReadonlyMap<string, bigint>,
  ): Promise<string> {
    const encoder = new CopyEncoder(at, allHead, streamLinks);
    const chunk = Math.max(MIN_CHUNK, Math.ceil(rows.length / MAX_CHUNKS));
    const copy = client.query(copyFrom(`COPY o2c_es.events (${COPY_COLUMNS}) FROM STDIN (FORMAT binary)`));
    let failure: unknown;
    const done = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', (error) => {
        failure = error;
        reject(error);
      });
    });
    done.catch(() => undefined); // awaited below; a failure while linking must not go unhandled
    // The first chunk waits for the server to accept the COPY (node-postgres holds it until then); the next ones are
    // written straight to the socket while the server reads the previous.
    const first = Math.min(rows.length, chunk);
    const accepted = new Promise<void>((resolve) => copy.write(Buffer.concat([COPY_HEADER, encoder.encode(rows, 0, first, firstPosition)]), () => resolve()));
    await Promise.race([accepted, done]); // a refused COPY never accepts the first chunk
    for (let from = first; from < rows.length && failure === undefined; from += chunk) {
      copy.write(encoder.encode(rows, from, Math.min(rows.length, from + chunk), firstPosition));
    }
    if (failure === undefined) copy.end(COPY_TRAILER);
    await done;
    const lastPosition = firstPosition + BigInt(rows.length) - 1n;
    const hex = (b: Buffer) => `'\\x${b.toString('hex')}'::bytea`;
    const heads = touched.map((n) => `(${client.escapeLiteral(n)}, ${revisions.get(n)!.toString()}, ${hex(streamLinks.get(n)!)})`);
    return `UPDATE o2c_es.positions SET last_hash = ${hex(encoder.head)} WHERE id = 1;
      UPDATE o2c_es.streams st SET revision = u.revision, updated_at = '${at}'::timestamptz, last_hash = u.head
        FROM (VALUES ${heads.join(', ')}) AS u(stream_name, revision, head) WHERE st.stream_name = u.stream_name COLLATE "C";
      SELECT pg_notify('${NOTIFY_CHANNEL}', '${lastPosition}');
      COMMIT`;
  }

  /** EventStoreDB's rule: the same events again, at the place they were written, is success; a partial overlap is not. */
  private idempotentOutcome(
    append: PendingAppend,
    earlier: readonly ({ revision: bigint; position?: bigint } | undefined)[],
    current: bigint,
  ): { result: AppendResult } | { error: unknown } {
    const first = earlier[0];
    const consecutive = first !== undefined && earlier.every((e, i) => e !== undefined && e.revision === first.revision + BigInt(i));
    if (!consecutive) {
      return {
        error: new InvalidAppendError('events', `stream "${append.streamName}": some of these event ids are already in the stream, not all, or not in this order`),
      };
    }
    const r = first.revision;
    const expected = append.expected;
    const matches =
      expected === 'any' ||
      expected === 'stream_exists' ||
      (expected === 'no_stream' && r === 0n) ||
      (typeof expected === 'bigint' && expected === r - 1n);
    if (!matches) {
      return { error: new WrongExpectedRevisionError(append.streamName, expected, current < 0n ? 'no_stream' : current) };
    }
    const last = earlier[earlier.length - 1]!;
    // position -1: written earlier in this very batch; filled in once the batch has its positions.
    return { result: { nextExpectedRevision: last.revision, position: last.position ?? -1n } };
  }

  // ---- reads --------------------------------------------------------------

  private async query<R extends QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw isConnectionError(error) ? unavailable(error) : error;
    }
  }

  /** Events (EVENT_COLUMNS) by `sql`. */
  private async readEvents(sql: string, params: unknown[]): Promise<RecordedEvent[]> {
    return (await this.readRows<EventRow>(sql, params)).map(toRecorded);
  }

  private async readRows<Row extends unknown[]>(sql: string, params: unknown[]): Promise<Row[]> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    try {
      return (await this.pool.query<Row>({ text: sql, values: params, rowMode: 'array', types: EVENT_TYPES })).rows;
    } catch (error) {
      throw isConnectionError(error) ? unavailable(error) : error;
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    // A whole stream forwards (what the decider runner reads): the reads asked for in one turn share one statement.
    if (!backwards && options.maxCount === undefined && from !== 'end') return this.readStreamSoon(streamName, from === 'start' ? 0n : from);
    const params: unknown[] = [streamName];
    let bound = '';
    if (typeof from === 'bigint') {
      params.push(from.toString());
      bound = ` AND revision ${backwards ? '<=' : '>='} $2`;
    } else if (from === 'end' && !backwards) {
      bound = ' AND revision >= (SELECT revision FROM o2c_es.streams WHERE stream_name = $1)';
    } else if (from === 'start' && backwards) {
      bound = ' AND revision <= 0';
    }
    params.push(options.maxCount ?? 2_147_483_647);
    return this.readEvents(
      `SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE stream_name = $1${bound} ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
  }

  private readStreamSoon(streamName: string, fromRevision: bigint): Promise<RecordedEvent[]> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    return new Promise((resolve, reject) => {
      this.streamReads.push({ streamName, fromRevision, resolve, reject });
      if (this.streamReads.length === 1) setImmediate(() => void this.readPendingStreams());
    });
  }

  /** The stream reads asked for since the last turn, in one statement (readStreams); a failure fails them all. */
  private async readPendingStreams(): Promise<void> {
    const reads = this.streamReads.splice(0);
    let read: RecordedEvent[][];
    try {
      read = await this.readStreams(reads);
    } catch (error) {
      for (const r of reads) r.reject(error);
      return;
    }
    // Each caller its own events, as a read of its own would give (a stream asked for twice gets a copy).
    const given = new Set<RecordedEvent[]>();
    reads.forEach((r, i) => r.resolve(given.has(read[i]) ? structuredClone(read[i]) : (given.add(read[i]), read[i])));
  }

  async readStreams(streams: readonly { readonly streamName: string; readonly fromRevision?: bigint }[]): Promise<RecordedEvent[][]> {
    if (streams.length === 0) return [];
    // Each stream once, from the lowest revision asked of it.
    const from = new Map<string, bigint>();
    for (const { streamName, fromRevision = 0n } of streams) from.set(streamName, from.has(streamName) && from.get(streamName)! < fromRevision ? from.get(streamName)! : fromRevision);
    const events = await this.readEvents(
      `SELECT ${EVENT_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}
         FROM unnest($1::text[], $2::bigint[]) AS s(stream_name, from_revision)
         JOIN o2c_es.events e ON e.stream_name = s.stream_name AND e.revision >= s.from_revision
        ORDER BY e.stream_name, e.revision`,
      [[...from.keys()], [...from.values()].map(String)],
    );
    const byStream = new Map<string, RecordedEvent[]>([...from.keys()].map((name) => [name, []]));
    for (const event of events) byStream.get(event.streamName)!.push(event);
    return streams.map(({ streamName, fromRevision = 0n }) => {
      const read = byStream.get(streamName)!;
      return fromRevision === from.get(streamName) ? read : read.filter((e) => e.revision >= fromRevision);
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const params: unknown[] = [];
    let where = 'TRUE';
    if (typeof from === 'bigint') {
      params.push(from.toString());
      where = `position ${backwards ? '<=' : '>='} $1`;
    } else if (from === 'end' && !backwards) {
      where = 'position >= (SELECT last FROM o2c_es.positions WHERE id = 1)';
    } else if (from === 'start' && backwards) {
      where = 'position <= 1';
    }
    where += filterSql(options.filter, params);
    params.push(options.maxCount ?? 2_147_483_647);
    return this.readEvents(
      `SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE ${where} ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
  }

  async listStreams(options: ListStreamsOptions = {}): Promise<StreamInfo[]> {
    const params: unknown[] = [];
    let where = 'revision >= 0';
    if (options.prefix) {
      params.push(escapeLike(options.prefix));
      where += ` AND stream_name LIKE $${params.length}`;
    }
    if (options.after !== undefined) {
      params.push(options.after);
      where += ` AND stream_name > $${params.length}`;
    }
    params.push(options.limit ?? 100);
    const rows = await this.query<{ stream_name: string; revision: string; created_at: Date; updated_at: Date }>(
      `SELECT stream_name, revision, created_at, updated_at FROM o2c_es.streams WHERE ${where} ORDER BY stream_name LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ streamName: r.stream_name, revision: BigInt(r.revision), createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  /** Read-only SQL on the store's database, for the auditors' log verification (libs/audit/src/verify-log). */
  async auditQuery<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.query<R>(sql, params);
  }

  async health(): Promise<StoreHealth> {
    try {
      const [row] = await this.query<{ last: string }>('SELECT last FROM o2c_es.positions WHERE id = 1', []);
      return { status: 'up', adapter: 'postgresql', headPosition: BigInt(row.last) };
    } catch (error) {
      return { status: 'down', adapter: 'postgresql', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  // ---- subscriptions ------------------------------------------------------

  subscribeToAll(options: SubscribeToAllOptions, handler: BatchHandler): Subscription {
    const pageSize = options.maxBatchSize ?? 1_000;
    const params: unknown[] = [];
    const filter = filterSql(options.filter, params);
    const from = options.from === 'start' ? 0n : options.from;
    const range = `SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE position > $${params.length + 1} AND position <= $${params.length + 2}${filter} ORDER BY position LIMIT ${pageSize}`;
    const tailAccess: TailAccess | undefined =
      this.options.sharedTail === false
        ? undefined
        : {
            tail: this.tail,
            matches: filterMatcher(options.filter),
            readRange: (after: bigint, upTo: bigint) => this.readEvents(range, [...params, after.toString(), upTo.toString()]),
          };
    if (!filter) {
      const sql = `SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE position > $${params.length + 1} ORDER BY position LIMIT ${pageSize}`;
      const readPage = async (checkpoint: bigint) => ({ events: await this.readEvents(sql, [checkpoint.toString()]) });
      return this.subscribe(from, readPage, (event) => event.position, pageSize, handler, options.onCaughtUp, tailAccess);
    }
    // A filtered page comes from a window of positions on a fixed grid, (k x G, (k + 1) x G]: every match of the
    // filter in it, read at once off the primary key with the filter kept out of the scan (OFFSET 0 keeps the window
    // a subquery of its own). With the filter in the same scan PostgreSQL estimated `stream_name LIKE ANY($n)` at a
    // fraction of a per cent and, its statistics behind a bulk load, read and sorted every event after the checkpoint
    // for each page: quadratic in the store (bench:o2c's rebuild at 2,000 accounts: 25.7 s of PostgreSQL CPU for
    // 310,732 events). The read also returns the head of $all in the same snapshot, and positions become visible in
    // order, contiguously: so a page that is not full has looked at every event up to the window's end or the head,
    // whichever is first, and the next page starts there, not after the last match (else a filter that rarely
    // matches, a reactor waiting for delivery failures, would scan everything since its last match on every commit).
    // A window wholly below the head never changes, so subscriptions of the same filter share it (windowOf):
    // rebuilds and replays of several views of one context read each window once, not once per view.
    const grid = BigInt(this.options.filteredPageWindow ?? FILTERED_WINDOW);
    const sql = `SELECT e.*, h.last::text FROM (SELECT last FROM o2c_es.positions WHERE id = 1) h
      LEFT JOIN LATERAL (SELECT * FROM (SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE position > $${params.length + 1} AND position <= $${params.length + 2} ORDER BY position OFFSET 0) w
        WHERE TRUE${filter} ORDER BY position) e ON TRUE`;
    const filterKey = JSON.stringify([options.filter?.streamNamePrefixes ?? [], options.filter?.eventTypePrefixes ?? []]);
    return this.subscribe(
      from,
      async (checkpoint) => {
        const start = (checkpoint / grid) * grid;
        const end = start + grid;
        const window = await this.windowOf(filterKey, start, end, async () => {
          const rows = await this.readRows<HeadRow>(sql, [...params, start.toString(), end.toString()]);
          return { head: BigInt(rows[0][9]), events: rows[0][0] === null ? [] : rows.map((row) => toRecorded(row as unknown as EventRow)) };
        });
        this.windowStats.pages += 1;
        const first = firstAfter(window.events, checkpoint);
        if (window.events.length - first >= pageSize) return { events: window.events.slice(first, first + pageSize) };
        return { events: window.events.slice(first), scannedTo: end < window.head ? end : window.head, more: end < window.head };
      },
      (event) => event.position,
      pageSize,
      handler,
      options.onCaughtUp,
      tailAccess,
    );
  }

  private forgetWindow(key: string): void {
    this.windowEvents -= this.windows.get(key)?.events ?? 0;
    this.windows.delete(key);
  }

  /** The window `(start, end]` of a filter: shared while reading, and kept once it is wholly below the head. */
  private windowOf(filterKey: string, start: bigint, end: bigint, read: () => Promise<FilteredWindow>): Promise<FilteredWindow> {
    const key = `${filterKey}|${start}`;
    const shared = this.windows.get(key);
    if (shared) {
      this.windows.delete(key);
      this.windows.set(key, shared);
      return shared.reading;
    }
    const entry = { reading: read(), events: 0 };
    this.windowStats.reads += 1;
    this.windows.set(key, entry);
    const current = () => this.windows.get(key) === entry;
    entry.reading.then(
      (window) => {
        if (!current()) return;
        // A window that reached past the head may still grow: later reads read it again.
        if (window.head < end) return this.forgetWindow(key);
        entry.events = window.events.length;
        this.windowEvents += entry.events;
        // The oldest windows go first, down to SHARED_EVENTS events and SHARED_WINDOWS windows (never this one).
        for (const oldest of this.windows.keys()) {
          if (oldest === key || (this.windowEvents <= SHARED_EVENTS && this.windows.size <= SHARED_WINDOWS)) break;
          this.forgetWindow(oldest);
        }
      },
      () => {
        if (current()) this.forgetWindow(key);
      },
    );
    return entry.reading;
  }

  subscribeToStream(streamName: string, options: SubscribeToStreamOptions, handler: BatchHandler): Subscription {
    const pageSize = options.maxBatchSize ?? 1_000;
    const sql = `SELECT ${EVENT_COLUMNS} FROM o2c_es.events WHERE stream_name = $1 AND revision > $2 ORDER BY revision LIMIT ${pageSize}`;
    return this.subscribe(
      options.from === 'start' ? -1n : options.from,
      async (checkpoint) => ({ events: await this.readEvents(sql, [streamName, checkpoint.toString()]) }),
      (event) => event.revision,
      pageSize,
      handler,
      options.onCaughtUp,
    );
  }

  private subscribe(
    from: bigint,
    readPage: (checkpoint: bigint) => Promise<SubscriptionPage>,
    checkpointOf: (event: RecordedEvent) => bigint,
    pageSize: number,
    handler: BatchHandler,
    onCaughtUp?: () => void,
    tailAccess?: TailAccess,
  ): Subscription {
    const host = {
      waitForAppend: () => this.waitForAppend(this.options.pollIntervalMs ?? 500),
      onError: this.options.onError ?? (() => undefined),
      forget: (s: PgSubscription) => this.subscriptions.delete(s),
    };
    const subscription = new PgSubscription(from, readPage, checkpointOf, pageSize, handler, onCaughtUp, host, tailAccess);
    this.subscriptions.add(subscription);
    void this.ensureListener();
    return subscription;
  }

  /** The shared tail's members, position, largest waiting buffer and how many members it let go (diagnostics, tests). */
  sharedTailState(): { members: number; position: bigint; largestBuffer: number; letGo: number } {
    return this.tail.state();
  }

  /** Windows of filtered subscriptions read from PostgreSQL so far, and pages served from them (for tests and benches). */
  filteredWindowStats(): { reads: number; pages: number } {
    return { ...this.windowStats };
  }

  /** Resolves on the next commit notification, or after `ms` (the fallback if a notification is lost). */
  private waitForAppend(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.listener ? ms : Math.min(ms, 250));
      this.wakers.add(wake);
    });
  }

  private ensureListener(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.listenerConnecting ??= (async () => {
      const client = new Client({ connectionString: this.options.url, connectionTimeoutMillis: 5_000 });
      client.on('error', (error) => {
        this.options.onError?.(error);
        if (this.listener === client) this.listener = undefined;
      });
      client.on('end', () => {
        if (this.listener === client) this.listener = undefined;
        if (!this.closed && this.subscriptions.size > 0) setTimeout(() => void this.ensureListener(), 1_000);
      });
      client.on('notification', () => {
        this.notifications++;
        for (const wake of [...this.wakers]) wake();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
        if (this.closed) await client.end();
        else this.listener = client;
      } catch (error) {
        this.options.onError?.(error);
        await client.end().catch(() => undefined);
        if (!this.closed && this.subscriptions.size > 0) setTimeout(() => void this.ensureListener(), 1_000);
      }
    })().finally(() => {
      this.listenerConnecting = undefined;
    });
    return this.listenerConnecting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    while (this.writing) await sleep(5);
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new StoreUnavailableError('the store is closed'));
    for (const wake of [...this.wakers]) wake();
    await this.listenerConnecting?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.pool.end().catch(() => undefined);
  }
}
