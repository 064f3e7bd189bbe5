import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { CASE_CATEGORY, type CaseEvent, type ScorePart } from '../../collection-case/case.events';

/**
 * The collectors' worklist: one row per account, with its collector and team,
 * the stored score (so a collector's page is an index scan), the score's
 * parts and the reasons a collector reads (amount at stake, days late, broken
 * promises, risk class, segment, last contact, open disputes) and the next
 * best action. Scores are written by the daily run (PriorityScored) when
 * something other than the passing days changes them; the page adds the
 * days-late part for the date asked (worklist.queries.ts).
 */
export interface WorklistRow {
  accountId: string;
  legalName: string;
  segment: string;
  riskClass: string;
  collectorId: string;
  team: string;
  onWorklist: boolean;
  score: number;
  scoredOn: string;
  parts: ScorePart[];
  amountAtStakeMinor: string;
  maxDaysLate: number;
  brokenPromises: number;
  openDisputeHolds: string[];
  /** The open disputes: each holds only its disputed amount of its invoice (the rest is dunned). */
  disputes: WorklistDispute[];
  lastContactAt: string | null;
  lastContactOutcome: string | null;
  nextAction: { channel: string; on: string; why: string } | null;
  /** The days-late part grows from this date by `perDayLate` a day (null: it stands still). */
  oldestDueOn: string | null;
  perDayLate: number;
  /**
   * The page's order among rows of the same `perDayLate`: the score on day number D (days since 1970-01-01) is
   * `perDayLate x D - rankKey`, so for one slope, the lower the key the higher the score on every date, and a page
   * reads each slope's rows in index order instead of sorting all the collector's rows (worklist.queries.ts).
   */
  rankKey: number;
}

export interface WorklistDispute {
  readonly holdId: string;
  readonly disputeId: string;
  readonly invoiceIds: readonly string[];
  /** What the dispute holds (amount scope), null when it holds its invoices whole. */
  readonly heldMinor: number | null;
  readonly placedBy: string;
}

const DISPUTE_SOURCE = 'dispute:';

const blank = (accountId: string): WorklistRow => ({
  accountId,
  legalName: '',
  segment: '',
  riskClass: 'low',
  collectorId: 'unassigned',
  team: 'unassigned',
  onWorklist: false,
  score: 0,
  scoredOn: '',
  parts: [],
  amountAtStakeMinor: '0',
  maxDaysLate: 0,
  brokenPromises: 0,
  openDisputeHolds: [],
  disputes: [],
  lastContactAt: null,
  lastContactOutcome: null,
  nextAction: null,
  oldestDueOn: null,
  perDayLate: 0,
  rankKey: 0,
});

const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** See WorklistRow.rankKey: score + perDayLate x ((D - oldestDueOn) - maxDaysLate) = perDayLate x D - rankKey. */
export const rankKeyOf = (score: number, perDayLate: number, oldestDueOn: string | null, maxDaysLate: number): number =>
  oldestDueOn === null ? -score : perDayLate * (dayNumber(oldestDueOn) + maxDaysLate) - score;

/** Pure: the worklist row after one case event. */
export function evolveWorklistRow(current: WorklistRow | undefined, recorded: RecordedEvent): WorklistRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as CaseEvent;
  const row: WorklistRow = current ? { ...current } : blank(event.data.accountId);
  switch (event.type) {
    case 'AccountProfileLearned':
      return { ...row, legalName: event.data.legalName, segment: event.data.segment };
    case 'SegmentLearned':
      return { ...row, segment: event.data.segment };
    case 'RiskClassLearned':
      return { ...row, riskClass: event.data.riskClass };
    case 'CollectorAssigned':
      return { ...row, collectorId: event.data.collectorId, team: event.data.team };
    case 'PriorityScored': {
      const d = event.data;
      const perDayLate = d.oldestDueOn ? (d.perDayLate ?? 0) : 0;
      return {
        ...row,
        onWorklist: d.onWorklist,
        score: d.score,
        scoredOn: d.on,
        parts: [...d.parts],
        amountAtStakeMinor: String(d.amountAtStakeMinor),
        maxDaysLate: d.maxDaysLate,
        nextAction: d.nextAction,
        oldestDueOn: d.oldestDueOn ?? null,
        perDayLate,
        rankKey: rankKeyOf(d.score, perDayLate, d.oldestDueOn ?? null, d.maxDaysLate),
      };
    }
    case 'ContactOutcomeRecorded':
      return { ...row, lastContactAt: event.data.at, lastContactOutcome: event.data.outcome };
    case 'PromiseToPayBroken':
      return { ...row, brokenPromises: row.brokenPromises + 1 };
    case 'HoldPlaced': {
      const d = event.data;
      if (d.kind !== 'dispute' || row.openDisputeHolds.includes(d.holdId)) return current ? undefined : row;
      const dispute: WorklistDispute = {
        holdId: d.holdId,
        disputeId: d.source?.startsWith(DISPUTE_SOURCE) ? d.source.slice(DISPUTE_SOURCE.length) : d.holdId,
        invoiceIds: [...(d.invoiceIds ?? [])],
        heldMinor: d.scope === 'amount' && d.amountMinor !== undefined ? d.amountMinor : null,
        placedBy: d.placedBy,
      };
      return { ...row, openDisputeHolds: [...row.openDisputeHolds, d.holdId], disputes: [...row.disputes, dispute] };
    }
    case 'HoldReleased':
      return row.openDisputeHolds.includes(event.data.holdId)
        ? { ...row, openDisputeHolds: row.openDisputeHolds.filter((id) => id !== event.data.holdId), disputes: row.disputes.filter((d) => d.holdId !== event.data.holdId) }
        : undefined;
    default:
      return undefined;
  }
}

export const worklistProjection: ProjectionDefinition<WorklistRow> = {
  name: 'collections.worklist',
  version: 4,
  table: 'collections_worklist',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    legalName: { type: 'varchar', name: 'legal_name' },
    segment: { type: 'varchar' },
    riskClass: { type: 'varchar', name: 'risk_class' },
    collectorId: { type: 'varchar', name: 'collector_id' },
    team: { type: 'varchar' },
    onWorklist: { type: 'boolean', name: 'on_worklist' },
    score: { type: 'int' },
    scoredOn: { type: 'varchar', name: 'scored_on' },
    parts: { type: 'jsonb' },
    amountAtStakeMinor: { type: 'bigint', name: 'amount_at_stake_minor' },
    maxDaysLate: { type: 'int', name: 'max_days_late' },
    brokenPromises: { type: 'int', name: 'broken_promises' },
    openDisputeHolds: { type: 'jsonb', name: 'open_dispute_holds' },
    disputes: { type: 'jsonb' },
    lastContactAt: { type: 'varchar', name: 'last_contact_at', nullable: true },
    lastContactOutcome: { type: 'varchar', name: 'last_contact_outcome', nullable: true },
    nextAction: { type: 'jsonb', name: 'next_action', nullable: true },
    oldestDueOn: { type: 'varchar', name: 'oldest_due_on', nullable: true },
    perDayLate: { type: 'int', name: 'per_day_late' },
    rankKey: { type: 'int', name: 'rank_key' },
  },
  // A page reads, per slope (per_day_late), the collector's (team's) rows in rank order: an index range with a limit.
  indices: [
    { name: 'by_collector_rank', columns: ['collectorId', 'onWorklist', 'perDayLate', 'rankKey', 'accountId'] },
    { name: 'by_team_rank', columns: ['team', 'onWorklist', 'perDayLate', 'rankKey', 'accountId'] },
  ],
  filter: {
    streamNamePrefixes: [`${CASE_CATEGORY}-`],
    eventTypePrefixes: ['AccountProfileLearned', 'SegmentLearned', 'RiskClassLearned', 'CollectorAssigned', 'PriorityScored', 'ContactOutcomeRecorded', 'PromiseToPayBroken', 'HoldPlaced', 'HoldReleased'],
  },
  keysOf: (event) => [(event.data as { accountId: string }).accountId],
  evolve: (row, event) => evolveWorklistRow(row, event),
};
