import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SlaStatsQuery, type SlaStatsAnswer } from './sla-stats.query';
import { SlaStatsQueries } from './sla-stats.queries';

@QueryHandler(SlaStatsQuery)
export class SlaStatsHandler implements IQueryHandler<SlaStatsQuery> {
  constructor(private readonly queries: SlaStatsQueries) {}

  execute(query: SlaStatsQuery): Promise<SlaStatsAnswer> {
    return this.queries.stats(query.filter);
  }
}
