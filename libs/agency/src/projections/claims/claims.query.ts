import { Query } from '@nestjs/cqrs';
import type { ClaimStats, ClaimView } from './claims.queries';

/** Claims, newest placement first, by agency, status and account (read model agency_claims). */
export class ListClaimsQuery extends Query<ClaimView[]> {
  constructor(readonly filter: { readonly agencyId?: string; readonly status?: string; readonly accountId?: string }) {
    super();
  }
}

/** One claim from the read model. */
export class GetClaimQuery extends Query<ClaimView> {
  constructor(readonly claimId: string) {
    super();
  }
}

/** Claims placed, recovered and recalled, per agency, per month of placement, or both, over [from, to]. */
export class ClaimStatsQuery extends Query<ClaimStats[]> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly groupBy: ClaimStatsGrouping,
  ) {
    super();
  }
}

export type ClaimStatsGrouping = 'agency' | 'month' | 'agency_month';
