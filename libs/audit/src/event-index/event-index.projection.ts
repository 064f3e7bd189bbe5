import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';

/**
 * The auditors' lookup table: every event's id, causation and correlation by position, kept by a checkpointed
 * projection (rows and checkpoint in one transaction) instead of indexes on o2c_es.events, so appends maintain
 * nothing more. Traces read it: they see an event once this projection has caught up (milliseconds behind the store).
 */
export interface EventIndexRow {
  eventId: string;
  causationId: string | null;
  correlationId: string | null;
  recordedAt: Date;
}

export const EVENT_INDEX_TABLE = 'audit_event_index';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const eventIndexProjection: ProjectionDefinition<EventIndexRow> = {
  name: 'audit.event_index',
  version: 1,
  table: EVENT_INDEX_TABLE,
  columns: {
    eventId: { type: 'varchar', name: 'event_id' },
    causationId: { type: 'varchar', name: 'causation_id', nullable: true },
    correlationId: { type: 'varchar', name: 'correlation_id', nullable: true },
    recordedAt: { type: 'timestamptz', name: 'recorded_at' },
  },
  indices: [
    { name: 'by_event_id', columns: ['eventId'] },
    { name: 'by_causation_id', columns: ['causationId'] },
    { name: 'by_correlation_id', columns: ['correlationId'] },
    { name: 'by_recorded_at', columns: ['recordedAt'] },
  ],
  // One row per event, keyed by its position (event ids are unique per stream, positions everywhere).
  keysOf: (event: RecordedEvent) => [event.position.toString()],
  evolve: (_row, event) => ({
    eventId: event.id,
    causationId: text(event.metadata.causationId),
    correlationId: text(event.metadata.correlationId),
    recordedAt: event.recordedAt,
  }),
};
