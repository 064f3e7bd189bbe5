import { EVENT_INDEX_TABLE } from '../event-index/event-index.projection';
import type { AuditSql } from '../verify-log/verify-log';

const INDEX = `o2c_read.${EVENT_INDEX_TABLE}`;

/**
 * Who did what, when and why, from one event: the chain of messages that caused it (up through each causationId to a
 * message that is not a stored event: an ingress message, an HTTP request, a timer), everything it caused (down: the
 * events whose causationId is its id, and theirs, ...), and every event of its correlation (the whole business flow).
 * A context that reacts to another's published event takes that event's id as causationId (libs/messaging publishedFrom),
 * so the chain crosses contexts. Lookups go through the event index (event-index.projection.ts): a trace sees an event
 * once that projection has caught up.
 */
export interface TracedEvent {
  id: string;
  type: string;
  streamName: string;
  revision: string;
  position: string;
  recordedAt: string;
  actor: string | null;
  occurredAt: string | null;
  correlationId: string | null;
  causationId: string | null;
  metadata: Record<string, unknown>;
  /** Steps from the traced event: 1 = its direct cause (up) or direct effect (down). */
  depth?: number;
}

export interface TraceReport {
  event: TracedEvent;
  /** The causes, nearest first: each is the stored event named by the previous one's causationId. */
  causedBy: TracedEvent[];
  /** The first message of the chain that is not a stored event (its id as the events carry it), null if the chain ends in a loop or too deep. */
  origin: { messageId: string } | null;
  /** Every event it caused, directly or not, in position order. */
  caused: TracedEvent[];
  correlation: { correlationId: string | null; total: number; events: TracedEvent[] };
}

export interface TraceOptions {
  readonly maxDepth?: number;
  /** Most events listed in `caused` and in `correlation.events`. */
  readonly limit?: number;
}

interface Row {
  event_id: string;
  event_type: string;
  stream_name: string;
  revision: string;
  position: string;
  recorded_at: string;
  metadata: Record<string, unknown>;
  depth?: number;
}

const COLUMNS = `e.event_id::text, e.event_type, e.stream_name, e.revision::text, e.position::text,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, e.metadata`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isEventId = (value: string): boolean => UUID.test(value);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function traced(row: Row): TracedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    streamName: row.stream_name,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
    actor: text(row.metadata.actor),
    occurredAt: text(row.metadata.occurredAt),
    correlationId: text(row.metadata.correlationId),
    causationId: text(row.metadata.causationId),
    metadata: row.metadata,
    ...(row.depth === undefined ? {} : { depth: Number(row.depth) }),
  };
}

async function eventById(sql: AuditSql, id: string): Promise<Row | undefined> {
  if (!isEventId(id)) return undefined;
  const [row] = await sql<Row>(
    `SELECT ${COLUMNS} FROM o2c_es.events e WHERE e.position = (SELECT i.last_position::bigint FROM ${INDEX} i WHERE i."key" = $1)`,
    [id.toLowerCase()],
  );
  return row;
}

/** The trace of one event; undefined when no stored event has this id. */
export async function traceEvent(sql: AuditSql, eventId: string, options: TraceOptions = {}): Promise<TraceReport | undefined> {
  const maxDepth = options.maxDepth ?? 100;
  const limit = options.limit ?? 1_000;
  const start = await eventById(sql, eventId);
  if (!start) return undefined;
  const event = traced(start);

  const causedBy: TracedEvent[] = [];
  const seen = new Set([event.id]);
  let origin: TraceReport['origin'] = null;
  let cause = event.causationId;
  while (cause !== null && causedBy.length < maxDepth) {
    if (seen.has(cause)) break;
    const row = await eventById(sql, cause);
    if (!row) {
      origin = { messageId: cause };
      break;
    }
    seen.add(cause);
    const step = traced({ ...row, depth: causedBy.length + 1 });
    causedBy.push(step);
    cause = step.causationId;
  }

  const caused = await sql<Row>(
    `WITH RECURSIVE down(event_id, position, depth) AS (
         SELECT i."key", i.last_position, 1 FROM ${INDEX} i WHERE i.causation_id = $1
       UNION
         SELECT i."key", i.last_position, d.depth + 1 FROM down d JOIN ${INDEX} i ON i.causation_id = d.event_id
          WHERE d.depth < $2
     )
     SELECT ${COLUMNS}, min(d.depth) AS depth FROM down d JOIN o2c_es.events e ON e.position = d.position::bigint
      GROUP BY e.position ORDER BY e.position LIMIT $3`,
    [event.id, maxDepth, limit],
  );

  const correlationId = event.correlationId;
  const [count] = correlationId === null ? [{ total: '0' }] : await sql<{ total: string }>(`SELECT count(*)::text AS total FROM ${INDEX} WHERE correlation_id = $1`, [correlationId]);
  const correlated =
    correlationId === null
      ? []
      : await sql<Row>(
          `SELECT ${COLUMNS} FROM ${INDEX} i JOIN o2c_es.events e ON e.position = i.last_position::bigint WHERE i.correlation_id = $1 ORDER BY e.position LIMIT $2`,
          [correlationId, limit],
        );

  return {
    event,
    causedBy,
    origin,
    caused: caused.map(traced),
    correlation: { correlationId, total: Number(count.total), events: correlated.map(traced) },
  };
}
