import type { EventFilter, RecordedEvent } from './event-store.port';

/**
 * An EventFilter as a predicate, for adapters that filter in node: prefixes OR-ed within a kind, kinds AND-ed (the
 * twin of the PostgreSQL adapter's `LIKE ANY(prefix%)` on a deterministic collation, which is `startsWith`).
 */
export function filterMatcher(filter: EventFilter | undefined): (event: RecordedEvent) => boolean {
  const streams = filter?.streamNamePrefixes?.length ? filter.streamNamePrefixes : undefined;
  const types = filter?.eventTypePrefixes?.length ? filter.eventTypePrefixes : undefined;
  if (!streams && !types) return () => true;
  return (event) => (!streams || streams.some((p) => event.streamName.startsWith(p))) && (!types || types.some((p) => event.type.startsWith(p)));
}
