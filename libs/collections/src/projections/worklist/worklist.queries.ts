import { Inject, Injectable } from '@nestjs/common';
import { readModelRedirected } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { WorklistDispute } from './worklist.projection';

export interface WorklistEntry {
  readonly rank: number;
  readonly accountId: string;
  readonly legalName: string;
  readonly collectorId: string;
  readonly team: string;
  readonly score: number;
  readonly scoredOn: string;
  readonly scoreParts: readonly { part: string; input: number | string; points: number }[];
  readonly reasons: {
    readonly amountAtStakeMinor: number;
    readonly daysLate: number;
    readonly brokenPromises: number;
    readonly riskClass: string;
    readonly segment: string;
    readonly lastContact: { at: string; outcome: string } | null;
    readonly openDisputes: number;
    /** Each open dispute and what it holds (only the disputed amount; the rest of the invoice is dunned). */
    readonly disputes: readonly { disputeId: string; invoiceIds: readonly string[]; heldMinor: number | null }[];
  };
  readonly nextAction: { channel: string; on: string; why: string } | null;
  /** Where the collector opens a dispute from this row, on one of the account's invoices (disputes' endpoint; origin worklist). */
  readonly openDispute: { readonly method: 'POST'; readonly path: string; readonly body: { readonly accountId: string } };
}

/** The disputes context's endpoint for a dispute opened from a worklist row (a path, not an import: contexts share only contracts). */
export const OPEN_DISPUTE_FROM_WORKLIST_PATH = '/disputes/from-worklist';

const DAY_MS = 86_400_000;
const WORKLIST_TABLE = 'o2c_read.collections_worklist';
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * The statement of a worklist page, parameters ($1 the collector or team, $2 the date, $3 limit, $4 offset). The score
 * on the date asked is `per_day_late x day number - rank_key` (worklist.projection.ts), so within one slope the order
 * is the index's: for each slope the collector's rows hold (found by a loose index scan: a probe per slope, usually
 * two), only the first offset + limit rows in rank order are read; the page's order is taken from those, then only
 * its rows are read whole by their key. Same order as sorting every row by the score on that date, ties by account.
 */
export function worklistPageSql(by: 'collector' | 'team' | 'all'): string {
  const where = by === 'collector' ? 'collector_id = $1' : by === 'team' ? 'team = $1' : 'TRUE OR $1::text IS NULL';
  return `WITH RECURSIVE slopes(per_day_late) AS (
            (SELECT per_day_late FROM ${WORKLIST_TABLE} WHERE (${where}) AND on_worklist ORDER BY per_day_late LIMIT 1)
            UNION ALL
            SELECT (SELECT w.per_day_late FROM ${WORKLIST_TABLE} w WHERE (${where}) AND w.on_worklist AND w.per_day_late > s.per_day_late ORDER BY w.per_day_late LIMIT 1)
              FROM slopes s WHERE s.per_day_late IS NOT NULL),
          p AS (
            SELECT r.key, r.account_id, r.score_on FROM slopes s CROSS JOIN LATERAL (
              SELECT key, account_id, s.per_day_late * ($2::text::date - DATE '1970-01-01') - rank_key AS score_on
                FROM ${WORKLIST_TABLE} WHERE (${where}) AND on_worklist AND per_day_late = s.per_day_late AND scored_on <= $2::text
               ORDER BY rank_key, account_id LIMIT ($3::int + $4::int)) r
             WHERE s.per_day_late IS NOT NULL
             ORDER BY r.score_on DESC, r.account_id LIMIT $3 OFFSET $4)
          SELECT w.account_id, w.legal_name, w.collector_id, w.team, w.scored_on, w.parts, w.amount_at_stake_minor, w.max_days_late, w.broken_promises,
                 w.risk_class, w.segment, w.last_contact_at, w.last_contact_outcome, w.open_dispute_holds, w.disputes, w.next_action, w.oldest_due_on, w.per_day_late, p.score_on
            FROM p JOIN ${WORKLIST_TABLE} w ON w.key = p.key
           ORDER BY p.score_on DESC, p.account_id`;
}

/**
 * A collector's (or a team's) page: accounts on the worklist scored on or
 * before the date, highest score on that date first. A stored score changes
 * only when something other than the passing days changes it: the days-late
 * part is grown here from the oldest due date to the date asked, and an open
 * call task's action is for that date.
 */
@Injectable()
export class WorklistQueries {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The DataSource's own pg pool (TypeORM's PostgreSQL driver keeps it as `master`). */
  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  async page(filter: { collectorId?: string; team?: string; date: string }, limit: number, offset: number): Promise<{ entries: WorklistEntry[]; limit: number; offset: number }> {
    const by = filter.collectorId !== undefined ? 'collector' : filter.team !== undefined ? 'team' : 'all';
    const params = [filter.collectorId ?? filter.team ?? null, filter.date, limit, offset];
    // A named statement: each connection plans it once, not on every page. Through the DataSource (unnamed) when a
    // redirect is in force (the view as of a past instant), which rewrites the table it names.
    const rows: Record<string, unknown>[] = readModelRedirected()
      ? await this.dataSource.query(worklistPageSql(by), params)
      : (await this.pool().query({ name: `o2c.collections.worklist-page.${by}`, text: worklistPageSql(by), values: params })).rows;
    return {
      limit,
      offset,
      entries: rows.map((r, i) => {
        const oldestDueOn = r.oldest_due_on as string | null;
        const perDayLate = Number(r.per_day_late);
        const daysLate = oldestDueOn ? daysBetween(oldestDueOn, filter.date) : Number(r.max_days_late);
        const parts = (r.parts as WorklistEntry['scoreParts']).map((p) => (oldestDueOn && p.part === 'days_late' ? { part: p.part, input: daysLate, points: daysLate * perDayLate } : p));
        const nextAction = (r.next_action as WorklistEntry['nextAction']) ?? null;
        return {
          rank: offset + i + 1,
          accountId: r.account_id as string,
          legalName: r.legal_name as string,
          collectorId: r.collector_id as string,
          team: r.team as string,
          score: Number(r.score_on),
          scoredOn: r.scored_on as string,
          scoreParts: parts,
          reasons: {
            amountAtStakeMinor: Number(r.amount_at_stake_minor),
            daysLate,
            brokenPromises: Number(r.broken_promises),
            riskClass: r.risk_class as string,
            segment: r.segment as string,
            lastContact: r.last_contact_at ? { at: r.last_contact_at as string, outcome: r.last_contact_outcome as string } : null,
            openDisputes: (r.open_dispute_holds as string[]).length,
            disputes: ((r.disputes as WorklistDispute[] | null) ?? []).map((d) => ({ disputeId: d.disputeId, invoiceIds: d.invoiceIds, heldMinor: d.heldMinor })),
          },
          openDispute: { method: 'POST', path: OPEN_DISPUTE_FROM_WORKLIST_PATH, body: { accountId: r.account_id as string } },
          nextAction: nextAction && nextAction.channel === 'phone' && nextAction.on < filter.date ? { ...nextAction, on: filter.date } : nextAction,
        };
      }),
    };
  }
}
