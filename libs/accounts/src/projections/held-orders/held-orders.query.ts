import { Query } from '@nestjs/cqrs';
import type { HeldOrdersPage, HeldOrdersSort } from './held-orders.dto';

export class ListHeldOrdersQuery extends Query<HeldOrdersPage> {
  constructor(
    readonly sort: HeldOrdersSort,
    readonly limit: number,
    readonly offset: number,
    readonly accountId?: string,
  ) {
    super();
  }
}
