import { Query } from '@nestjs/cqrs';
import type { StreamInfo } from '@o2c/event-store';

export class ListStreamsQuery extends Query<StreamInfo[]> {
  constructor(
    readonly prefix: string | undefined,
    readonly after: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}
