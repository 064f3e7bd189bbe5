import { Query } from '@nestjs/cqrs';
import type { OpenDisputeView, SlaStanding } from './sla-open.queries';

/** Open disputes with their SLA time left (read model disputes.sla), by owner, manager, team and standing. */
export class ListOpenDisputesQuery extends Query<{ asOf: string; disputes: OpenDisputeView[] }> {
  constructor(
    readonly filter: { readonly ownerId?: string; readonly managerId?: string; readonly team?: string; readonly origin?: string; readonly standing?: SlaStanding },
    /** The instant the time left is counted at (a view as of a past instant); default the clock's now. */
    readonly at?: string,
  ) {
    super();
  }
}
