import { Query } from '@nestjs/cqrs';
import type { ReadAllOptions, RecordedEvent } from '@o2c/event-store';

export class ReadAllQuery extends Query<RecordedEvent[]> {
  constructor(readonly options: ReadAllOptions) {
    super();
  }
}
