import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@o2c/event-store';
import { ReadStreamQuery } from './read-stream.query';

@QueryHandler(ReadStreamQuery)
export class ReadStreamHandler implements IQueryHandler<ReadStreamQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(query: ReadStreamQuery): Promise<RecordedEvent[]> {
    return this.store.readStream(query.streamName, query.options);
  }
}
