import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SlaOpenQueries, type SlaSummaryGroup, type SlaSummaryGroupBy } from './sla-open.queries';
import { SlaSummaryQuery } from './sla-summary.query';

@QueryHandler(SlaSummaryQuery)
export class SlaSummaryHandler implements IQueryHandler<SlaSummaryQuery> {
  constructor(private readonly queries: SlaOpenQueries) {}

  execute(query: SlaSummaryQuery): Promise<{ asOf: string; groupBy: SlaSummaryGroupBy; groups: SlaSummaryGroup[] }> {
    return this.queries.summary(query.groupBy, query.at);
  }
}
