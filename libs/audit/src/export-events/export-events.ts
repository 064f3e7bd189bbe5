import type { AuditSql } from '../verify-log/verify-log';

/**
 * Event export as newline-delimited JSON: one category (stream-name prefix) or all, a range of positions and/or of
 * recordedAt instants, read in pages by position (keyset) so the log is never held in memory.
 */
export interface ExportRange {
  /** Only streams whose name starts with this (a category such as `invoice-`). */
  readonly streamPrefix?: string;
  /** Inclusive. */
  readonly fromPosition?: bigint;
  /** Inclusive. */
  readonly toPosition?: bigint;
  /** Inclusive: events recorded at or after this instant. */
  readonly fromRecordedAt?: Date;
  /** Exclusive: events recorded before this instant. */
  readonly toRecordedAt?: Date;
  readonly pageSize?: number;
}

/** One exported event: every stored field (recordedAt to the microsecond, as stored), positions and revisions as decimal strings, links of the tamper-evident chain in hex. */
export interface ExportedEvent {
  position: string;
  streamName: string;
  revision: string;
  id: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
  hash: string | null;
  streamHash: string | null;
}

interface EventRow {
  position: string;
  stream_name: string;
  revision: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  recorded_at: string;
  data: unknown;
  metadata: Record<string, unknown>;
  hash: string | null;
  stream_hash: string | null;
}

const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The last position recorded before `instant` (at or before it when `inclusive`); 0 when none. A binary search on the
 * primary key: recorded_at grows with the position (taken under the position lock), so no index on it is needed.
 */
export async function lastPositionRecordedBefore(sql: AuditSql, instant: Date, inclusive: boolean): Promise<bigint> {
  const [head] = await sql<{ last: string | null }>(`SELECT max(position)::text AS last FROM o2c_es.events`);
  let low = 0n;
  let high = BigInt(head.last ?? '0');
  let best = 0n;
  while (low <= high) {
    const middle = (low + high) / 2n;
    const [row] = await sql<{ position: string; before: boolean }>(
      `SELECT e.position::text AS position, e.recorded_at ${inclusive ? '<=' : '<'} $2 AS before FROM o2c_es.events e WHERE e.position <= $1 ORDER BY e.position DESC LIMIT 1`,
      [middle.toString(), instant],
    );
    if (!row) {
      low = middle + 1n;
      continue;
    }
    const position = BigInt(row.position);
    if (row.before) {
      if (position > best) best = position;
      low = middle + 1n;
    } else high = position - 1n;
  }
  return best;
}

/** The positions the range can touch: its position bounds narrowed by the recordedAt bounds. */
export async function exportBounds(sql: AuditSql, range: ExportRange): Promise<{ from: bigint; to: bigint } | undefined> {
  const [row] = await sql<{ first: string | null; last: string | null }>(`SELECT min(position)::text AS first, max(position)::text AS last FROM o2c_es.events`);
  if (row.first === null || row.last === null) return undefined;
  let from = BigInt(row.first);
  let to = BigInt(row.last);
  if (range.fromPosition !== undefined && range.fromPosition > from) from = range.fromPosition;
  if (range.toPosition !== undefined && range.toPosition < to) to = range.toPosition;
  if (range.fromRecordedAt) {
    const before = (await lastPositionRecordedBefore(sql, range.fromRecordedAt, false)) + 1n;
    if (before > from) from = before;
  }
  if (range.toRecordedAt) {
    const last = await lastPositionRecordedBefore(sql, range.toRecordedAt, false);
    if (last < to) to = last;
  }
  return from <= to ? { from, to } : undefined;
}

/** The events of the range in position order, a page at a time; `onPage` reports the last position read. */
export async function* exportEvents(sql: AuditSql, range: ExportRange, onPage?: (lastPosition: bigint) => void): AsyncGenerator<ExportedEvent> {
  const bounds = await exportBounds(sql, range);
  if (!bounds) return;
  const pageSize = range.pageSize ?? 2_000;
  let after = bounds.from - 1n;
  for (;;) {
    const rows = await sql<EventRow>(
      `SELECT e.position::text AS position, stream_name, revision::text, event_id::text, event_type, schema_version,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, data, metadata,
              encode(hash, 'hex') AS hash, encode(stream_hash, 'hex') AS stream_hash
         FROM o2c_es.events e
        WHERE e.position > $1 AND e.position <= $2
          AND ($3::text IS NULL OR e.stream_name LIKE $3)
          AND ($4::timestamptz IS NULL OR e.recorded_at >= $4) AND ($5::timestamptz IS NULL OR e.recorded_at < $5)
        ORDER BY e.position LIMIT $6`,
      [after.toString(), bounds.to.toString(), range.streamPrefix ? likePrefix(range.streamPrefix) : null, range.fromRecordedAt ?? null, range.toRecordedAt ?? null, pageSize],
    );
    for (const row of rows) {
      yield {
        position: row.position,
        streamName: row.stream_name,
        revision: row.revision,
        id: row.event_id,
        type: row.event_type,
        schemaVersion: row.schema_version,
        recordedAt: row.recorded_at,
        data: row.data,
        metadata: row.metadata,
        hash: row.hash,
        streamHash: row.stream_hash,
      };
    }
    if (rows.length < pageSize) {
      onPage?.(bounds.to);
      return;
    }
    after = BigInt(rows[rows.length - 1].position);
    onPage?.(after);
  }
}

/** The same events as NDJSON lines (each ends with a newline). */
export async function* exportNdjson(sql: AuditSql, range: ExportRange, onPage?: (lastPosition: bigint) => void): AsyncGenerator<string> {
  for await (const event of exportEvents(sql, range, onPage)) yield `${JSON.stringify(event)}\n`;
}
