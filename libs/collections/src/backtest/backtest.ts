import type { DunningChannel } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { getIn } from '@o2c/kernel';
import type { RunRules } from '../collection-case/case-rules';
import type { CaseEvent } from '../collection-case/case.events';
import type { CaseState } from '../collection-case/case.state';
import { addDays } from '../collection-case/calendar';
import { caseDecider } from '../collection-case/case.decider';
import { isHeld } from '../collection-case/holds';
import type { DunningPolicy, DunningPolicyVersion, DunningStep } from '../policy/dunning-policy';

/** A case stream as recorded (collectionCase-<accountId>), in revision order. */
export interface RecordedCase {
  readonly accountId: string;
  readonly events: readonly RecordedEvent[];
}

/** The policies that were in force on a date, keyed `<segment>.<kind>` (from the recorded policy streams). */
export type PoliciesOn = (date: string) => Readonly<Record<string, DunningPolicyVersion>>;

export interface BacktestOptions {
  readonly from: string;
  readonly to: string;
  /** Validated candidate policies; each replaces the recorded policy of the same id over the whole window. */
  readonly candidate: readonly DunningPolicy[];
  readonly rules: RunRules;
  readonly onProgress?: (accountsDone: number, accounts: number) => void;
  /** Accounts with differences listed in the report (default: all); `accountsWithDifferences` counts every one. */
  readonly maxDifferences?: number;
}

/** One dunning decision of a daily run: a notice, a call task, or the ladder's end (handed to the agency context). */
export interface DunningDecision {
  readonly accountId: string;
  readonly on: string;
  readonly kind: 'notice' | 'call_task' | 'agency_handoff';
  readonly channel: DunningChannel | 'agency';
  readonly policyId: string;
  readonly policyVersion: number;
  /** Per invoice, the step it reached ('handoff' for the ladder's end). */
  readonly steps: readonly { readonly invoiceId: string; readonly stepId: string }[];
}

export interface BacktestSummary {
  /** Notices by channel, and call tasks (channel call_task), decided in the window. */
  readonly contactsByChannel: Readonly<Record<string, number>>;
  /** Accounts with at least one invoice reaching each step, keyed `<policyId>/<stepId>`. */
  readonly customersReachingStep: Readonly<Record<string, number>>;
  /** Accounts handed to the agency context (DunningLadderExhausted). */
  readonly agencyHandoffs: number;
  /** Steps decided on an invoice that a hold covered when the step was decided (0 = every hold respected). */
  readonly stepsOnHeldInvoices: number;
  readonly holdsRespected: boolean;
}

export interface StepDifference {
  readonly invoiceId: string;
  readonly stepId: string;
  /** The day the step was taken under each policy (null: not taken in the window). */
  readonly actual: { readonly on: string; readonly channel: string; readonly policy: string } | null;
  readonly candidate: { readonly on: string; readonly channel: string; readonly policy: string } | null;
  /** Which rule of which policy made the difference. */
  readonly because: string;
}

export interface BacktestReport {
  readonly from: string;
  readonly to: string;
  readonly accounts: number;
  readonly candidatePolicies: readonly string[];
  /** Holds (any kind and scope) in force on at least one day of the window. */
  readonly holdsInForce: number;
  readonly actual: BacktestSummary;
  readonly candidate: BacktestSummary;
  readonly accountsWithDifferences: number;
  readonly differences: readonly { readonly accountId: string; readonly steps: readonly StepDifference[] }[];
  /** Accounts with differences not listed (beyond `maxDifferences`). */
  readonly differencesOmitted: number;
  /** Nothing is sent and nothing is written: the sandbox is the pure decider folded in memory. */
  readonly sandbox: { readonly storeWrites: 0; readonly remindersSent: 0 };
}

type Active = Extract<CaseState, { status: 'Active' }>;

const RUN_CAUSATION = /^run:(\d{4}-\d{2}-\d{2})$/;
/** The daily run stamps what it decides with the causation `run:<date>` (daily-run.service.ts). */
export const runDateOf = (event: RecordedEvent): string | undefined => RUN_CAUSATION.exec(event.metadata.causationId)?.[1];

const asCaseEvent = (event: RecordedEvent): CaseEvent => ({ type: event.type, data: event.data }) as CaseEvent;

/** The dunning decisions among a run's events. */
export function decisionsOf(accountId: string, events: readonly CaseEvent[]): DunningDecision[] {
  const decisions: DunningDecision[] = [];
  for (const event of events) {
    if (event.type === 'DunningStepTaken') {
      const d = event.data;
      decisions.push({ accountId, on: d.on, kind: 'notice', channel: d.channel, policyId: d.policyId, policyVersion: d.policyVersion, steps: d.steps });
    } else if (event.type === 'CallTaskOpened' && event.data.reason === 'dunning_step' && event.data.provenance) {
      const d = event.data;
      decisions.push({ accountId, on: d.on, kind: 'call_task', channel: 'call_task', policyId: d.provenance!.policyId, policyVersion: d.provenance!.policyVersion, steps: d.invoiceIds.map((invoiceId) => ({ invoiceId, stepId: d.stepId ?? 'call' })) });
    } else if (event.type === 'DunningLadderExhausted') {
      const d = event.data;
      decisions.push({ accountId, on: d.on, kind: 'agency_handoff', channel: 'agency', policyId: d.policyId, policyVersion: d.policyVersion, steps: d.invoiceIds.map((invoiceId) => ({ invoiceId, stepId: 'handoff' })) });
    }
  }
  return decisions;
}

/** Steps of a decision on invoices that a hold covered in the state it was decided in. */
function stepsOnHeld(state: CaseState, decision: DunningDecision): number {
  if (state.status !== 'Active') return 0;
  return decision.steps.filter((s) => {
    const invoice = getIn(state.invoices, s.invoiceId);
    return invoice !== undefined && isHeld(invoice, state.holds);
  }).length;
}

const STEP_FIELDS = ['offsetDays', 'anchor', 'channel', 'templateId', 'conditions', 'assessPenalty'] as const;
const show = (value: unknown): string => (value === undefined ? 'none' : typeof value === 'object' ? JSON.stringify(value) : String(value));
const label = (p: { policyId: string; version: number }, candidate: boolean): string => (candidate ? `${p.policyId} (candidate)` : `${p.policyId} v${p.version}`);

/** Which rule differs between the policy that ran and the candidate for this step. */
function explain(stepId: string, actual: DunningPolicyVersion | undefined, candidate: DunningPolicyVersion | undefined, knockOn: string | undefined): string {
  if (!actual || !candidate) return `no ${actual ? 'candidate' : 'recorded'} policy for this account's segment and kind`;
  if (stepId === 'handoff') {
    if (show(actual.handoff) !== show(candidate.handoff)) return `handoff: ${show(actual.handoff)} in ${label(actual, false)}, ${show(candidate.handoff)} in ${label(candidate, true)}`;
  } else {
    const a = actual.steps.find((s) => s.stepId === stepId);
    const c = candidate.steps.find((s) => s.stepId === stepId);
    if (a && !c) return `step ${stepId} of ${label(actual, false)} is not in ${label(candidate, true)}`;
    if (!a && c) return `step ${stepId} is new in ${label(candidate, true)} (offsetDays ${c.offsetDays}, ${c.channel})`;
    if (a && c) {
      const changed = STEP_FIELDS.filter((f) => show((a as DunningStep)[f]) !== show((c as DunningStep)[f]));
      if (changed.length) return `step ${stepId}: ${changed.map((f) => `${f} ${show((a as DunningStep)[f])} in ${label(actual, false)}, ${show((c as DunningStep)[f])} in ${label(candidate, true)}`).join('; ')}`;
    }
  }
  return `step ${stepId} is the same in both policies: it follows from ${knockOn ?? 'a difference in the state (an earlier step, an escalation or a hold) decided under the other policy'}`;
}

/**
 * Where each daily run of the window sat in the recorded order of the case events: the first event it decided, else
 * the first event recorded on or after its day; runs in date order. Fed the case events in position order, one at a
 * time (memory: one entry per day of the window).
 */
export class RunBoundaryScan {
  private readonly dates: string[] = [];
  private readonly runs = new Map<string, bigint>();
  private readonly firstOnOrAfter: bigint[] = [];

  constructor(
    private readonly from: string,
    private readonly to: string,
  ) {
    for (let d = from; d <= to; d = addDays(d, 1)) this.dates.push(d);
  }

  /** The next case event in position order. */
  add(event: RecordedEvent): void {
    const runOn = runDateOf(event);
    if (runOn && runOn >= this.from && runOn <= this.to && !this.runs.has(runOn)) this.runs.set(runOn, event.position);
    // Every day up to this event's own is on or before it: the days not yet placed are those after every event so far.
    const day = event.metadata.occurredAt.slice(0, 10);
    while (this.firstOnOrAfter.length < this.dates.length && this.dates[this.firstOnOrAfter.length] <= day) this.firstOnOrAfter.push(event.position);
  }

  boundaries(): Map<string, bigint> {
    const boundary = new Map<string, bigint>();
    let floor = -1n;
    this.dates.forEach((date, i) => {
      let at = this.runs.get(date) ?? this.firstOnOrAfter[i] ?? BigInt(Number.MAX_SAFE_INTEGER) * 1024n;
      if (at < floor) at = floor; // runs happen in date order
      boundary.set(date, at);
      floor = at;
    });
    return boundary;
  }
}

/**
 * Replays recorded collection cases under candidate policies, in memory, with
 * the collections decider itself (no second dunning engine): the state at
 * the window's start is the recorded one; every outside fact (invoices,
 * payments, holds, promises, contacts) is replayed as recorded, each before
 * the daily run it preceded; the runs of the window are decided again, day by
 * day, under the candidate policies. Pure: nothing is sent or written.
 * Cases are added one at a time (`add`) and only their figures kept, so a
 * portfolio of any size replays in the memory of one case (and of the
 * differences listed, at most `maxDifferences`).
 */
export class Backtest {
  private readonly candidateById: Map<string, DunningPolicy>;
  private readonly dates: string[] = [];
  private readonly actual = new Tally();
  private readonly candidate = new Tally();
  private holdsInForce = 0;
  private accounts = 0;
  private accountsWithDifferences = 0;
  private readonly differences: { accountId: string; steps: StepDifference[] }[] = [];

  constructor(
    private readonly boundary: ReadonlyMap<string, bigint>,
    private readonly actualPoliciesOn: PoliciesOn,
    private readonly options: BacktestOptions,
  ) {
    this.candidateById = new Map(options.candidate.map((p) => [p.policyId, p]));
    for (let d = options.from; d <= options.to; d = addDays(d, 1)) this.dates.push(d);
  }

  private candidateOn(date: string): Record<string, DunningPolicyVersion> {
    const policies: Record<string, DunningPolicyVersion> = { ...this.actualPoliciesOn(date) };
    for (const [id, policy] of this.candidateById) policies[id] = { ...policy, version: 0, effectiveFrom: this.options.from };
    return policies;
  }

  /** One recorded case (its stream in revision order). */
  add(recorded: RecordedCase): void {
    const { from, to } = this.options;
    const { accountId, events } = recorded;
    // The policy that ran: its recorded decisions, checked against the recorded state they were decided in.
    let recordedState: CaseState = caseDecider.initialState();
    const actual: DunningDecision[] = [];
    let actualOnHeld = 0;
    for (const event of events) {
      const runOn = runDateOf(event);
      if (runOn && runOn >= from && runOn <= to) {
        for (const decision of decisionsOf(accountId, [asCaseEvent(event)])) {
          actual.push(decision);
          actualOnHeld += stepsOnHeld(recordedState, decision);
        }
      }
      recordedState = caseDecider.evolve(recordedState, asCaseEvent(event));
    }

    // The candidate: recorded outside facts, runs decided again.
    let state: CaseState = caseDecider.initialState();
    const candidate: DunningDecision[] = [];
    let candidateOnHeld = 0;
    const holds = new Set<string>();
    let next = 0;
    const replayedInWindow = (event: RecordedEvent): boolean => {
      const runOn = runDateOf(event);
      return runOn !== undefined && runOn >= from;
    };
    for (const date of this.dates) {
      const before = this.boundary.get(date)!;
      for (; next < events.length && events[next].position < before; next++) {
        if (!replayedInWindow(events[next])) state = caseDecider.evolve(state, asCaseEvent(events[next]));
      }
      if (state.status === 'Active') for (const holdId of Object.keys((state as Active).holds)) holds.add(holdId);
      const decided = caseDecider.decide({ type: 'RunDailyDunning', accountId, on: date, policies: this.candidateOn(date), rules: this.options.rules }, state);
      for (const decision of decisionsOf(accountId, decided)) {
        candidate.push(decision);
        candidateOnHeld += stepsOnHeld(state, decision);
      }
      for (const event of decided) state = caseDecider.evolve(state, event);
    }
    this.actual.add(accountId, actual, actualOnHeld);
    this.candidate.add(accountId, candidate, candidateOnHeld);
    this.holdsInForce += holds.size;
    this.accounts++;

    const steps = this.stepDifferences(actual, candidate);
    if (steps.length) {
      this.accountsWithDifferences++;
      if (this.differences.length < (this.options.maxDifferences ?? Number.POSITIVE_INFINITY)) this.differences.push({ accountId, steps });
    }
  }

  /** Per invoice and step: the first day each policy took it, where they differ, with the reason. */
  private stepDifferences(actual: readonly DunningDecision[], candidate: readonly DunningDecision[]): StepDifference[] {
    const firstTaken = (decisions: readonly DunningDecision[]) => {
      const taken = new Map<string, DunningDecision>();
      for (const d of decisions) for (const s of d.steps) if (!taken.has(`${s.invoiceId}|${s.stepId}`)) taken.set(`${s.invoiceId}|${s.stepId}`, d);
      return taken;
    };
    const a = firstTaken(actual);
    const c = firstTaken(candidate);
    const keys = [...new Set([...a.keys(), ...c.keys()])];
    const steps: StepDifference[] = [];
    let knockOn: string | undefined;
    const ordered = keys
      .map((key) => ({ key, on: [a.get(key)?.on, c.get(key)?.on].filter((x): x is string => !!x).sort()[0] }))
      .sort((x, y) => x.on.localeCompare(y.on) || x.key.localeCompare(y.key));
    for (const { key } of ordered) {
      const [invoiceId, stepId] = key.split('|');
      const ad = a.get(key);
      const cd = c.get(key);
      if (ad && cd && ad.on === cd.on) continue;
      const date = (ad ?? cd)!.on;
      const policyKey = (ad ?? cd)!.policyId;
      const recordedPolicy = this.actualPoliciesOn(date)[policyKey];
      const because = explain(stepId, recordedPolicy, this.candidateOn(date)[policyKey], knockOn);
      steps.push({
        invoiceId,
        stepId,
        actual: ad ? { on: ad.on, channel: ad.channel, policy: `${ad.policyId} v${ad.policyVersion}` } : null,
        candidate: cd ? { on: cd.on, channel: cd.channel, policy: `${cd.policyId}${cd.policyVersion === 0 ? ' (candidate)' : ` v${cd.policyVersion}`}` } : null,
        because,
      });
      knockOn ??= `the earlier difference on ${invoiceId} (${because})`;
    }
    return steps;
  }

  report(): BacktestReport {
    return {
      from: this.options.from,
      to: this.options.to,
      accounts: this.accounts,
      candidatePolicies: [...this.candidateById.keys()],
      holdsInForce: this.holdsInForce,
      actual: this.actual.summary(),
      candidate: this.candidate.summary(),
      accountsWithDifferences: this.accountsWithDifferences,
      differences: this.differences,
      differencesOmitted: this.accountsWithDifferences - this.differences.length,
      sandbox: { storeWrites: 0, remindersSent: 0 },
    };
  }
}

/** The figures of one side (the policy that ran, or the candidate), added up account by account. */
class Tally {
  private readonly contactsByChannel: Record<string, number> = {};
  private readonly reaching = new Map<string, number>();
  private handedOff = 0;
  private stepsOnHeldInvoices = 0;

  add(accountId: string, decisions: readonly DunningDecision[], stepsOnHeldInvoices: number): void {
    const reached = new Set<string>();
    let handedOff = false;
    for (const d of decisions) {
      if (d.kind === 'agency_handoff') handedOff = true;
      else this.contactsByChannel[d.channel] = (this.contactsByChannel[d.channel] ?? 0) + 1;
      for (const s of d.steps) reached.add(`${d.policyId}/${s.stepId}`);
    }
    for (const key of reached) this.reaching.set(key, (this.reaching.get(key) ?? 0) + 1);
    if (handedOff) this.handedOff++;
    this.stepsOnHeldInvoices += stepsOnHeldInvoices;
  }

  summary(): BacktestSummary {
    const customersReachingStep = Object.fromEntries([...this.reaching.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return { contactsByChannel: { ...this.contactsByChannel }, customersReachingStep, agencyHandoffs: this.handedOff, stepsOnHeldInvoices: this.stepsOnHeldInvoices, holdsRespected: this.stepsOnHeldInvoices === 0 };
  }
}

/** The whole backtest over cases already in memory (tests, small portfolios); `runBacktest` streams them from the store. */
export function backtestCases(cases: readonly RecordedCase[], actualPoliciesOn: PoliciesOn, options: BacktestOptions): BacktestReport {
  const scan = new RunBoundaryScan(options.from, options.to);
  for (const event of cases.flatMap((c) => c.events).sort((a, b) => (a.position < b.position ? -1 : 1))) scan.add(event);
  const backtest = new Backtest(scan.boundaries(), actualPoliciesOn, options);
  cases.forEach((recorded, index) => {
    backtest.add(recorded);
    options.onProgress?.(index + 1, cases.length);
  });
  return backtest.report();
}
