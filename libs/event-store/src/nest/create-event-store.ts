import type { EventStoreConfig } from '../event-store.config';
import type { EventStore } from '../event-store.port';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';

/** Connects the configured adapter; the PostgreSQL one runs its migrations (under an advisory lock) first. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.adapter) {
    case 'postgresql':
      return PostgresEventStore.connect({ url: config.databaseUrl });
    case 'eventstoredb':
      return EventStoreDbEventStore.connect(config.connectionString);
    default: {
      const unknown: never = config;
      throw new Error(`unknown event store adapter: ${JSON.stringify(unknown)}`);
    }
  }
}
