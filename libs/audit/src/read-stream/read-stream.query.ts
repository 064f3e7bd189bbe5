import { Query } from '@nestjs/cqrs';
import type { ReadStreamOptions, RecordedEvent } from '@o2c/event-store';

export class ReadStreamQuery extends Query<RecordedEvent[]> {
  constructor(
    readonly streamName: string,
    readonly options: ReadStreamOptions,
  ) {
    super();
  }
}
