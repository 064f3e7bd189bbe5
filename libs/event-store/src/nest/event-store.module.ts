import { DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createEventStore } from './create-event-store';
import type { EventStoreConfig } from '../event-store.config';
import { EVENT_STORE, type EventStore } from '../event-store.port';

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides EVENT_STORE to the whole application: the adapter chosen by configuration, connected (and migrated) once. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => createEventStore(config) }, EventStoreLifecycle],
      exports: [EVENT_STORE],
    };
  }
}
