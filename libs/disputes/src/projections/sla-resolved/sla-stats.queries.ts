import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';

export type StatsGroupBy = 'cause' | 'month' | 'origin';

export interface SlaStatsGroup {
  group: string;
  resolved: number;
  withinSla: number;
  /** withinSla / resolved, 0..1 (rounded to 4 places); null with nothing resolved. */
  shareWithinSla: number | null;
  /** SLA time used to resolve (pauses excluded), in ms. */
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * SLA statistics over resolved disputes (the `disputes.resolved` table, a
 * projection: recomputable from the events). Percentiles are PostgreSQL's
 * `percentile_disc`: an observed time, never an interpolation.
 */
@Injectable()
export class SlaStatsQueries {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async stats(filter: { from?: string; to?: string; groupBy?: StatsGroupBy }): Promise<{ from: string | null; to: string | null; groupBy: StatsGroupBy | null; total: SlaStatsGroup; groups: SlaStatsGroup[] }> {
    const where = [`resolved_at <> ''`];
    const params: string[] = [];
    if (filter.from) where.push(`resolved_at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`resolved_at < $${params.push(filter.to)}`);
    const select = `count(*)::int AS resolved, count(*) FILTER (WHERE within_sla)::int AS within_sla,
      percentile_disc(0.5) WITHIN GROUP (ORDER BY used_ms) AS median_ms, percentile_disc(0.9) WITHIN GROUP (ORDER BY used_ms) AS p90_ms`;
    const from = `FROM o2c_read.disputes_resolved WHERE ${where.join(' AND ')}`;
    const [total] = await this.dataSource.query(`SELECT 'all' AS grp, ${select} ${from}`, params);
    const column = filter.groupBy === 'month' ? 'month' : filter.groupBy === 'origin' ? 'origin' : 'cause';
    const groups = filter.groupBy ? await this.dataSource.query(`SELECT ${column} AS grp, ${select} ${from} GROUP BY ${column} ORDER BY ${column}`, params) : [];
    return { from: filter.from ?? null, to: filter.to ?? null, groupBy: filter.groupBy ?? null, total: toGroup(total), groups: groups.map(toGroup) };
  }
}

function toGroup(row: { grp: string; resolved: number; within_sla: number; median_ms: string | null; p90_ms: string | null }): SlaStatsGroup {
  return {
    group: row.grp,
    resolved: row.resolved,
    withinSla: row.within_sla,
    shareWithinSla: row.resolved ? Math.round((row.within_sla / row.resolved) * 10_000) / 10_000 : null,
    medianMs: row.median_ms === null ? null : Number(row.median_ms),
    p90Ms: row.p90_ms === null ? null : Number(row.p90_ms),
  };
}
