import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verification of the tamper-evident log (migration 002_hash_chain of the PostgreSQL event store).
 *
 * Each event's `hash` = sha256(previous position's hash || canonical bytes) and `stream_hash` = sha256(previous
 * revision's stream_hash || canonical bytes), from 32 zero bytes; the canonical bytes come from
 * o2c_es.event_canonical (schema.ts). Links are recomputed here in node, independently of the database.
 * Signed checkpoints (HMAC-SHA256 with O2C_AUDIT_KEY) pin (position, hash): a suffix re-chained by someone
 * without the key no longer matches them.
 */

/** Runs read-only SQL; a pg Pool, a TypeORM DataSource or PostgresEventStore.auditQuery fit. */
export type AuditSql = <R extends object>(sql: string, params?: unknown[]) => Promise<R[]>;

export type LogProblemKind = 'changed' | 'removed' | 'inserted' | 'bad_signature';

export interface LogProblem {
  readonly position: number;
  readonly stream: string | null;
  readonly kind: LogProblemKind;
  readonly detail: string;
}

export interface LogVerificationReport {
  readonly eventsVerified: number;
  readonly perSec: number;
  readonly headPosition: number;
  readonly checkpointsVerified: number;
  /** False when no key was given: checkpoint hashes are compared, their signatures are not checked. */
  readonly signaturesChecked: boolean;
  readonly problems: LogProblem[];
}

export interface VerifyLogOptions {
  /** O2C_AUDIT_KEY: checks checkpoint signatures when given. */
  readonly key?: string;
  readonly pageSize?: number;
  /** Stream heads kept in memory (default 100,000); a stream not among them is read back from the store when met again. */
  readonly streamCacheSize?: number;
  readonly onProgress?: (verified: number, total: number) => void;
}

const ZERO: Buffer = Buffer.alloc(32);
const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** The key's public name in checkpoints (which key signed), not the key. */
export const auditKeyId = (key: string): string => createHash('sha256').update(`o2c-audit-key:${key}`).digest('hex').slice(0, 16);

function checkpointMessage(position: bigint, hash: Buffer, signedAt: Date): string {
  return `o2c-audit-checkpoint/v1\n${position}\n${hash.toString('hex')}\n${signedAt.toISOString()}`;
}

export function signCheckpoint(key: string, position: bigint, hash: Buffer, signedAt: Date): string {
  return createHmac('sha256', key).update(checkpointMessage(position, hash, signedAt)).digest('hex');
}

function signatureValid(key: string, position: bigint, hash: Buffer, signedAt: Date, signature: string): boolean {
  const expected = Buffer.from(signCheckpoint(key, position, hash, signedAt), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface Checkpoint {
  readonly position: number;
  readonly hash: string;
  readonly signedAt: string;
  readonly keyId: string;
}

/** Signs the current head (position, hash) and stores it; returns undefined on an empty log. Idempotent per position. */
export async function writeCheckpoint(sql: AuditSql, key: string, signedAt: Date): Promise<Checkpoint | undefined> {
  const [head] = await sql<{ position: string; hash: Buffer }>('SELECT e.position::text AS position, e.hash FROM o2c_es.events e ORDER BY e.position DESC LIMIT 1');
  if (!head) return undefined;
  const position = BigInt(head.position);
  // Millisecond precision: what timestamptz and Date both keep exactly.
  const at = new Date(signedAt.getTime());
  await sql(
    'INSERT INTO o2c_es.audit_checkpoints (position, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (position) DO NOTHING',
    [head.position, head.hash, at, auditKeyId(key), signCheckpoint(key, position, head.hash, at)],
  );
  return { position: Number(position), hash: head.hash.toString('hex'), signedAt: at.toISOString(), keyId: auditKeyId(key) };
}

/** Writes a checkpoint when at least `every` events were appended since the last one ("every N events"; call it periodically). */
export async function checkpointIfDue(sql: AuditSql, key: string, every: number, signedAt: Date): Promise<Checkpoint | undefined> {
  const [row] = await sql<{ head: string; last: string }>(
    'SELECT (SELECT last FROM o2c_es.positions WHERE id = 1)::text AS head, coalesce((SELECT max(position) FROM o2c_es.audit_checkpoints), 0)::text AS last',
  );
  if (BigInt(row.head) - BigInt(row.last) < BigInt(every)) return undefined;
  return writeCheckpoint(sql, key, signedAt);
}

interface Row {
  position: string;
  stream_name: string;
  revision: string;
  hash: Buffer;
  stream_hash: Buffer;
  canonical: Buffer;
}

interface StoredCheckpoint {
  position: string;
  hash: Buffer;
  signed_at: Date;
  key_id: string;
  signature: string;
}

/** The last event seen of a stream: its stream_hash (a copy, so no row's buffer pool is kept alive), revision and position. */
interface StreamHead {
  readonly hash: Buffer;
  readonly revision: bigint;
  readonly position: bigint;
}

const copyOf = (hash: Buffer): Buffer => {
  const copy = Buffer.alloc(hash.length); // never pooled: a cached head must not pin an 8 KiB slab of row data
  hash.copy(copy);
  return copy;
};

/**
 * The stream heads the walk needs, in bounded memory: the most recently used `limit` streams in a Map, and, for a
 * stream not there, its event before the one at hand read back from the store (the latest revision below it, at an
 * earlier position, not one found inserted), one query per page for every such stream.
 */
class StreamHeads {
  private readonly cache = new Map<string, StreamHead | null>();

  constructor(
    private readonly sql: AuditSql,
    private readonly limit: number,
  ) {}

  get(stream: string): StreamHead | undefined {
    const head = this.cache.get(stream);
    return head ?? undefined;
  }

  set(stream: string, head: StreamHead): void {
    this.cache.delete(stream); // re-inserted last: the Map's order is the use order
    this.cache.set(stream, head);
  }

  /** Loads the head before the first row of each stream of the page that is not cached (revision 0 needs none). */
  async load(page: readonly Row[], inserted: ReadonlySet<string>): Promise<void> {
    const wanted = new Map<string, Row>();
    for (const row of page) {
      if (this.cache.has(row.stream_name) || wanted.has(row.stream_name)) continue;
      if (row.revision === '0') this.cache.set(row.stream_name, null);
      else wanted.set(row.stream_name, row);
    }
    if (wanted.size === 0) return;
    const rows = [...wanted.values()];
    const found = await this.sql<{ k: string; revision: string | null; position: string | null; stream_hash: Buffer | null }>(
      `SELECT u.k::text AS k, p.revision::text AS revision, p.position::text AS position, p.stream_hash
         FROM unnest($1::text[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS u(stream_name, revision, position, k)
         LEFT JOIN LATERAL (
           SELECT e.revision, e.position, e.stream_hash FROM o2c_es.events e
            WHERE e.stream_name = u.stream_name COLLATE "C" AND e.revision < u.revision AND e.position < u.position AND e.position <> ALL($4::bigint[])
            ORDER BY e.revision DESC LIMIT 1) p ON true`,
      [rows.map((r) => r.stream_name), rows.map((r) => r.revision), rows.map((r) => r.position), [...inserted]],
    );
    for (const f of found) {
      const row = rows[Number(f.k) - 1];
      this.cache.set(row.stream_name, f.position === null ? null : { hash: copyOf(f.stream_hash!), revision: BigInt(f.revision!), position: BigInt(f.position) });
    }
  }

  /** Forgets the least recently used streams beyond the limit (between pages, so a page's loaded heads stay). */
  trim(): void {
    for (const stream of this.cache.keys()) {
      if (this.cache.size <= this.limit) break;
      this.cache.delete(stream);
    }
  }
}

/**
 * Walks $all in position order and reports every event changed, removed or inserted after the fact, and bad checkpoints.
 * Memory stays flat on any size of log: two pages of rows at a time (the next one read while this one is checked), a
 * bounded cache of stream heads (`streamCacheSize`), the checkpoints and the problems found.
 */
export async function verifyLog(sql: AuditSql, options: VerifyLogOptions = {}): Promise<LogVerificationReport> {
  const started = process.hrtime.bigint();
  const pageSize = options.pageSize ?? 5_000;
  const problems: LogProblem[] = [];
  const problemAt = new Set<string>();
  const report = (position: bigint, stream: string | null, kind: LogProblemKind, detail: string): void => {
    problems.push({ position: Number(position), stream, kind, detail });
    problemAt.add(position.toString());
  };

  const [counter] = await sql<{ last: string; last_hash: Buffer | null }>('SELECT last::text AS last, last_hash FROM o2c_es.positions WHERE id = 1');
  const headPosition = BigInt(counter.last);
  const counterHash = counter.last_hash ?? ZERO;

  // Checkpoints: a bad signature means the checkpoint itself is forged or altered, so its hash is not trusted.
  const checkpoints = new Map<string, StoredCheckpoint>();
  const storedCheckpoints = await sql<StoredCheckpoint>(
    'SELECT c.position::text AS position, c.hash, c.signed_at, c.key_id, c.signature FROM o2c_es.audit_checkpoints c ORDER BY c.position',
  );
  for (const cp of storedCheckpoints) {
    if (options.key !== undefined && !signatureValid(options.key, BigInt(cp.position), cp.hash, cp.signed_at, cp.signature)) {
      report(BigInt(cp.position), null, 'bad_signature', `checkpoint at ${cp.position} (key ${cp.key_id}) does not carry a valid signature`);
    } else {
      checkpoints.set(cp.position, cp);
    }
  }
  let lastGoodCheckpoint = 0n;

  // Streams' revisions as the store's own table has them: a removed event of a stream shows as a revision gap.
  const streamHeads = new StreamHeads(sql, options.streamCacheSize ?? 100_000);
  const streamGaps: { stream: string; after: bigint; before: bigint }[] = [];
  const removed: bigint[] = [];
  const inserted = new Set<string>();

  let prev: Buffer = ZERO;
  let expected = 1n;
  let verified = 0;

  const pageSql = `SELECT position::text AS position, stream_name, revision::text AS revision, hash, stream_hash,
      o2c_es.event_canonical(position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at) AS canonical
    FROM o2c_es.events e WHERE e.position > $1 AND e.position <= $3 ORDER BY e.position LIMIT $2`;
  // The walk stops at the counter read first: events appended meanwhile are not "inserted" (every row at or below a
  // committed counter is committed: positions are handed out under the counter's lock, in the appending transaction).
  const head = counter.last;
  let page = await sql<Row>(pageSql, ['0', pageSize, head]);
  while (page.length > 0) {
    // The next page is read while this one is checked.
    const nextPage: Promise<Row[]> = page.length === pageSize ? sql<Row>(pageSql, [page[page.length - 1].position, pageSize, head]) : Promise.resolve([]);
    nextPage.catch(() => undefined); // awaited below; a failure surfaces there
    await streamHeads.load(page, inserted);
    for (let k = 0; k < page.length; k++) {
      const row = page[k];
      const position = BigInt(row.position);
      const revision = BigInt(row.revision);
      let linkUnknown = false;
      if (position > expected) {
        for (let p = expected; p < position; p++) removed.push(p);
        linkUnknown = true; // the previous link is gone with the removed event(s): resynchronise on this row
      }
      expected = position + 1n;
      verified++;

      let isInserted = false;
      if (!linkUnknown && !sha256(prev, row.canonical).equals(row.hash)) {
        // Which is it: an altered event (its stored hash is still the one the successor links to) or one that is not part
        // of the chain at all (the successor links to the event before it)?
        const next: Row | undefined = page[k + 1] ?? (await nextPage)[0];
        const successorLinksTo = (h: Buffer): boolean => (next ? BigInt(next.position) === position + 1n && sha256(h, next.canonical).equals(next.hash) : counterHash.equals(h));
        if (!successorLinksTo(row.hash) && successorLinksTo(prev)) {
          report(position, row.stream_name, 'inserted', `event at ${position} is not part of the chain (the next event links to the one before it)`);
          isInserted = true;
        } else {
          report(position, row.stream_name, 'changed', `event at ${position} does not match its hash: its content was changed after it was appended`);
        }
      }

      if (!isInserted) {
        const head = streamHeads.get(row.stream_name);
        const expectedRevision = head ? head.revision + 1n : 0n;
        if (revision > expectedRevision) {
          streamGaps.push({ stream: row.stream_name, after: head?.position ?? 0n, before: position });
        } else if (!problemAt.has(row.position) && !sha256(head?.hash ?? ZERO, row.canonical).equals(row.stream_hash)) {
          report(position, row.stream_name, 'changed', `event at ${position} breaks its stream's chain (${row.stream_name}@${revision})`);
        }
        streamHeads.set(row.stream_name, { hash: copyOf(row.stream_hash), revision, position });
        prev = row.hash;
      } else {
        inserted.add(row.position);
      }

      const cp = checkpoints.get(row.position);
      if (cp) {
        if (!cp.hash.equals(row.hash)) {
          report(
            position,
            row.stream_name,
            'changed',
            `the signed checkpoint at ${position} (${cp.signed_at.toISOString()}) does not match the chain: events between ${lastGoodCheckpoint + 1n} and ${position} were rewritten and re-chained after it was signed`,
          );
        } else {
          lastGoodCheckpoint = position;
        }
      }
      if (verified % 1_000 === 0) options.onProgress?.(verified, Number(headPosition));
    }
    streamHeads.trim();
    page = await nextPage;
  }
  // Rows beyond the counter as it is now were never appended by the store.
  const beyond = await sql<{ position: string; stream_name: string }>(
    'SELECT e.position::text AS position, e.stream_name FROM o2c_es.events e WHERE e.position > (SELECT last FROM o2c_es.positions WHERE id = 1) ORDER BY e.position',
  );
  for (const row of beyond) {
    verified++;
    report(BigInt(row.position), row.stream_name, 'inserted', `position ${row.position} is beyond the store's counter (${headPosition}): never appended by the store`);
    inserted.add(row.position);
  }
  // The tail: positions handed out by the counter but no longer stored.
  for (let p = expected; p <= headPosition; p++) removed.push(p);
  if (removed.length > 0) {
    // Streams whose recorded revision is beyond their last stored event lost their tail (asked of the store: only when something is missing).
    const streams = await sql<{ stream_name: string; position: string | null }>(
      `SELECT s.stream_name, h.position::text AS position FROM o2c_es.streams s
         LEFT JOIN LATERAL (SELECT e.revision, e.position FROM o2c_es.events e WHERE e.stream_name = s.stream_name AND e.position <> ALL($1::bigint[]) ORDER BY e.revision DESC LIMIT 1) h ON true
        WHERE s.revision >= 0 AND s.revision > coalesce(h.revision, -1)`,
      [[...inserted]],
    );
    for (const s of streams) streamGaps.push({ stream: s.stream_name, after: s.position === null ? 0n : BigInt(s.position), before: headPosition + 1n });
  }
  for (const p of removed) {
    const gap = streamGaps.find((g) => g.after < p && p < g.before);
    report(p, gap?.stream ?? null, 'removed', `event at ${p} was removed (the counter handed out this position)`);
  }
  if (removed.length === 0 && !problemAt.has(headPosition.toString()) && verified > 0 && !counterHash.equals(prev)) {
    report(headPosition, null, 'changed', `the head hash kept by the store does not match the last event's`);
  }
  for (const [position, cp] of checkpoints) {
    if (BigInt(position) >= expected && BigInt(position) <= headPosition && !problemAt.has(position)) {
      report(BigInt(position), null, 'removed', `the event signed by the checkpoint at ${position} (${cp.signed_at.toISOString()}) is gone`);
    }
  }
  options.onProgress?.(verified, Number(headPosition));
  problems.sort((a, b) => a.position - b.position);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    eventsVerified: verified,
    perSec: Math.round(verified / Math.max(seconds, 1e-6)),
    headPosition: Number(headPosition),
    checkpointsVerified: checkpoints.size,
    signaturesChecked: options.key !== undefined,
    problems,
  };
}
