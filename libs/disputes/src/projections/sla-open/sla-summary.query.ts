import { Query } from '@nestjs/cqrs';
import type { SlaSummaryGroup, SlaSummaryGroupBy } from './sla-open.queries';

/** Open disputes counted by standing (on track, at risk, breached, paused) per owner, manager or team. */
export class SlaSummaryQuery extends Query<{ asOf: string; groupBy: SlaSummaryGroupBy; groups: SlaSummaryGroup[] }> {
  constructor(
    readonly groupBy: SlaSummaryGroupBy,
    /** The instant the time left is counted at; default the clock's now. */
    readonly at?: string,
  ) {
    super();
  }
}
