import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@o2c/event-store';
import { ReadAllQuery } from './read-all.query';

@QueryHandler(ReadAllQuery)
export class ReadAllHandler implements IQueryHandler<ReadAllQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(query: ReadAllQuery): Promise<RecordedEvent[]> {
    return this.store.readAll(query.options);
  }
}
