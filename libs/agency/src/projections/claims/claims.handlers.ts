import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClaimsQueries, type ClaimStats, type ClaimView } from './claims.queries';
import { ClaimStatsQuery, GetClaimQuery, ListClaimsQuery } from './claims.query';

@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery> {
  constructor(private readonly queries: ClaimsQueries) {}

  execute(query: ListClaimsQuery): Promise<ClaimView[]> {
    return this.queries.list(query.filter);
  }
}

@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery> {
  constructor(private readonly queries: ClaimsQueries) {}

  execute(query: GetClaimQuery): Promise<ClaimView> {
    return this.queries.get(query.claimId);
  }
}

@QueryHandler(ClaimStatsQuery)
export class ClaimStatsHandler implements IQueryHandler<ClaimStatsQuery> {
  constructor(private readonly queries: ClaimsQueries) {}

  execute(query: ClaimStatsQuery): Promise<ClaimStats[]> {
    return this.queries.stats(query.from, query.to, query.groupBy);
  }
}
