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

/** The positions the range can touch: its position bounds narrowed by the recordedAt bounds (index events_recorded_at). */
export async function exportBounds(sql: AuditSql, range: ExportRange): Promise<{ from: bigint; to: bigint } | undefined> {
  const [row] = await sql<{ first: string | null; last: string | null }>(
    `SELECT min(position)::text AS first, max(position)::text AS last FROM o2c_es.events
      WHERE ($1::timestamptz IS NULL OR recorded_at >= $1) AND ($2::timestamptz IS NULL OR recorded_at < $2)
        AND ($3::bigint IS NULL OR position >= $3) AND ($4::bigint IS NULL OR position <= $4)`,
    [range.fromRecordedAt ?? null, range.toRecordedAt ?? null, range.fromPosition?.toString() ?? null, range.toPosition?.toString() ?? null],
  );
  if (row.first === null || row.last === null) return undefined;
  return { from: BigInt(row.first), to: BigInt(row.last) };
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
