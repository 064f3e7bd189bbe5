import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';

/**
 * The auditors' lookup table: every event's position, causation and correlation by its id, kept by a checkpointed
 * projection (rows and checkpoint in one transaction) instead of indexes on o2c_es.events, so appends maintain
 * nothing more. Traces read it: they see an event once this projection has caught up (milliseconds behind the store).
 *
 * One row per event id (the row's key; its position is the runner's last_position), three indexes: the key, causation
 * and correlation, the only lookups a trace makes. Rows are insert-only: nothing reads them back while writing.
 * Event ids are unique per stream only; if two streams ever hold the same id, the first stored keeps the row.
 */
export interface EventIndexRow {
  causationId: string | null;
  correlationId: string | null;
}

export const EVENT_INDEX_TABLE = 'audit_event_index';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const eventIndexProjection: ProjectionDefinition<EventIndexRow> = {
  name: 'audit.event_index',
  version: 2,
  table: EVENT_INDEX_TABLE,
  columns: {
    causationId: { type: 'varchar', name: 'causation_id', nullable: true },
    correlationId: { type: 'varchar', name: 'correlation_id', nullable: true },
  },
  indices: [
    { name: 'by_causation_id', columns: ['causationId'] },
    { name: 'by_correlation_id', columns: ['correlationId'] },
  ],
  insertOnly: true,
  keysOf: (event: RecordedEvent) => [event.id.toLowerCase()],
  evolve: (row, event) =>
    row
      ? undefined
      : {
          causationId: text(event.metadata.causationId),
          correlationId: text(event.metadata.correlationId),
        },
};
