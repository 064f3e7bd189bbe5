import { Query } from '@nestjs/cqrs';
import type { SlaStatsGroup, StatsGroupBy } from './sla-stats.queries';

export type SlaStatsAnswer = { from: string | null; to: string | null; groupBy: StatsGroupBy | null; total: SlaStatsGroup; groups: SlaStatsGroup[] };

/** Share resolved within the SLA, median and p90 time to resolve, over a period, by cause or month (read model disputes.resolved). */
export class SlaStatsQuery extends Query<SlaStatsAnswer> {
  constructor(readonly filter: { readonly from?: string; readonly to?: string; readonly groupBy?: StatsGroupBy }) {
    super();
  }
}
