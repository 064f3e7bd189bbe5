import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ListOpenDisputesQuery } from './list-open-disputes.query';
import { SlaOpenQueries, type OpenDisputeView } from './sla-open.queries';

@QueryHandler(ListOpenDisputesQuery)
export class ListOpenDisputesHandler implements IQueryHandler<ListOpenDisputesQuery> {
  constructor(private readonly queries: SlaOpenQueries) {}

  execute(query: ListOpenDisputesQuery): Promise<{ asOf: string; disputes: OpenDisputeView[] }> {
    return this.queries.open(query.filter, query.at);
  }
}
