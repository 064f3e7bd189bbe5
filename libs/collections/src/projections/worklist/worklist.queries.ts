import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
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
 * The statement of a worklist page, parameters ($1 the collector or team, $2 the date, $3 limit, $4 offset). The
 * page's order first, on the narrow columns only (the collector's rows by index, sorted in memory: the score grows
 * with the date asked, so no stored order fits every date), then the page's rows by their key.
 */
export function worklistPageSql(by: 'collector' | 'team' | 'all'): string {
  const where = by === 'collector' ? 'collector_id = $1' : by === 'team' ? 'team = $1' : 'TRUE OR $1::text IS NULL';
  return `SELECT w.account_id, w.legal_name, w.collector_id, w.team, w.scored_on, w.parts, w.amount_at_stake_minor, w.max_days_late, w.broken_promises,
                 w.risk_class, w.segment, w.last_contact_at, w.last_contact_outcome, w.open_dispute_holds, w.disputes, w.next_action, w.oldest_due_on, w.per_day_late, p.score_on
            FROM (SELECT key, account_id, score + CASE WHEN oldest_due_on IS NULL THEN 0 ELSE per_day_late * (($2::text::date - oldest_due_on::date) - max_days_late) END AS score_on
                    FROM ${WORKLIST_TABLE} WHERE (${where}) AND on_worklist AND scored_on <= $2::text
                   ORDER BY score_on DESC, account_id LIMIT $3 OFFSET $4) p
            JOIN ${WORKLIST_TABLE} w ON w.key = p.key
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

  async page(filter: { collectorId?: string; team?: string; date: string }, limit: number, offset: number): Promise<{ entries: WorklistEntry[]; limit: number; offset: number }> {
    const by = filter.collectorId !== undefined ? 'collector' : filter.team !== undefined ? 'team' : 'all';
    const rows: Record<string, unknown>[] = await this.dataSource.query(worklistPageSql(by), [filter.collectorId ?? filter.team ?? null, filter.date, limit, offset]);
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
