import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type StreamInfo } from '@o2c/event-store';
import { ListStreamsQuery } from './list-streams.query';

@QueryHandler(ListStreamsQuery)
export class ListStreamsHandler implements IQueryHandler<ListStreamsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(query: ListStreamsQuery): Promise<StreamInfo[]> {
    return this.store.listStreams({ prefix: query.prefix, after: query.after, limit: query.limit });
  }
}
