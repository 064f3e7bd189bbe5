import type { DunningChannel } from '@o2c/contracts';
import { DomainException, domainError, getIn, hasIn, valuesOf } from '@o2c/kernel';
import type { DunningPolicyVersion, DunningStep } from '../policy/dunning-policy';
import { appliesTo, latePaymentPenaltyMinor, penaltyRateBp } from '../rules/french-b2b';
import { addDays, daysBetween, maxDate } from './calendar';
import type { AssignmentRule, RunRules } from './case-rules';
import type { CaseCommand } from './case.commands';
import type { CaseEvent, Provenance, ReminderItem, ScorePart } from './case.events';
import type { CaseInvoice, CaseState, KnownCase } from './case.state';
import { evolve } from './evolve';
import { dunnableMinor, holdsOn } from './holds';
import { scoreSignature } from './score-signature';

const refuse = (kind: 'validation' | 'not_found' | 'conflict' | 'rule_violation', code: string, message: string, field?: string): never => {
  throw new DomainException(domainError(kind, code, message, field ? { field } : {}));
};

/** Decisions that produce several facts evolve as they go, so later rules see earlier facts (a broken promise escalates the same run). */
class Decision {
  readonly events: CaseEvent[] = [];
  constructor(public state: CaseState) {}
  push(event: CaseEvent): KnownCase {
    this.events.push(event);
    this.state = evolve(this.state, event);
    return this.state as KnownCase;
  }
  get known(): KnownCase {
    return this.state as KnownCase;
  }
}

const SEVERITY: Record<DunningChannel, number> = { sms: 1, email: 1, voicemail: 2, call_task: 0, letter: 3, registered_letter: 4 };

const isOpen = (invoice: CaseInvoice): boolean => invoice.openMinor > 0 && !invoice.handedOff;

const paidBetween = (state: KnownCase, from: string, to: string, invoiceIds: readonly string[]): number =>
  valuesOf(state.payments).filter((p) => p.on >= from && p.on <= to && (invoiceIds.length === 0 || invoiceIds.includes(p.invoiceId))).reduce((sum, p) => sum + p.amountMinor, 0);

const ladderDay = (invoice: CaseInvoice, on: string): number => daysBetween(invoice.dueOn, on) - invoice.heldDays + invoice.advanceDays;

const dueSteps = (policy: DunningPolicyVersion): DunningStep[] => policy.steps.filter((s) => (s.anchor ?? 'dueDate') === 'dueDate');

const lastTakenOffset = (policy: DunningPolicyVersion, invoice: CaseInvoice): number =>
  Math.max(-Infinity, ...dueSteps(policy).filter((s) => invoice.takenSteps.includes(s.stepId)).map((s) => s.offsetDays));

const conditionsHold = (step: DunningStep, dunnable: number, state: KnownCase): boolean =>
  (step.conditions?.minAmountMinor === undefined || dunnable >= step.conditions.minAmountMinor) && (step.conditions?.riskClasses === undefined || step.conditions.riskClasses.includes(state.riskClass));

/**
 * A broken promise or plan escalates: each of its invoices jumps to its next
 * step at once (the ladder day is moved up to that step's offset; later steps
 * keep their spacing from it).
 */
function escalate(decision: Decision, policy: DunningPolicyVersion | undefined, invoiceIds: readonly string[], reason: string, on: string): void {
  if (!policy) return;
  const state = decision.known;
  const advanceDays: Record<string, number> = {};
  const targets = valuesOf(state.invoices).filter((i) => isOpen(i) && (invoiceIds.length === 0 || invoiceIds.includes(i.invoiceId)) && daysBetween(i.dueOn, on) >= 0);
  for (const invoice of targets) {
    const day = ladderDay(invoice, on);
    const next = dueSteps(policy).find((s) => s.offsetDays > lastTakenOffset(policy, invoice) && s.offsetDays > day);
    if (next) advanceDays[invoice.invoiceId] = next.offsetDays - day;
  }
  if (Object.keys(advanceDays).length) decision.push({ type: 'LadderEscalated', data: { accountId: state.accountId, reason, on, advanceDays } });
}

function provenanceOf(state: Extract<CaseState, { status: 'Active' }>, policy: DunningPolicyVersion, on: string, invoices: readonly CaseInvoice[], stepId?: string): Provenance {
  return {
    policyId: policy.policyId,
    policyVersion: policy.version,
    ...(stepId ? { stepId } : {}),
    segment: state.profile.segment,
    kind: state.profile.kind,
    riskClass: state.riskClass,
    invoices: invoices.map((invoice) => {
      const holds = holdsOn(state.holds, invoice.invoiceId);
      return {
        invoiceId: invoice.invoiceId,
        openMinor: invoice.openMinor,
        dunnableMinor: dunnableMinor(invoice, holds),
        daysLate: daysBetween(invoice.dueOn, on),
        ladderDay: ladderDay(invoice, on),
        holdsConsidered: holds.map((h) => `${h.kind}:${h.holdId}`),
      };
    }),
  };
}

function runPromisesAndPlans(decision: Decision, policy: DunningPolicyVersion | undefined, on: string): void {
  for (const promise of Object.values(decision.known.promises)) {
    if (promise.status !== 'open' || promise.promisedFor >= on) continue;
    const state = decision.known;
    const paid = paidBetween(state, promise.recordedOn, promise.promisedFor, promise.invoiceIds);
    const holds = Object.values(state.holds).filter((h) => h.source === promise.promiseId);
    if (paid >= promise.amountMinor) {
      decision.push({ type: 'PromiseToPayKept', data: { accountId: state.accountId, promiseId: promise.promiseId, paidMinor: paid, on: promise.promisedFor } });
      for (const h of holds) decision.push({ type: 'HoldReleased', data: { accountId: state.accountId, holdId: h.holdId, kind: h.kind, reason: 'promise_kept', releasedOn: on } });
      continue;
    }
    decision.push({
      type: 'PromiseToPayBroken',
      data: { accountId: state.accountId, promiseId: promise.promiseId, promisedMinor: promise.amountMinor, paidMinor: paid, currency: promise.currency, promisedFor: promise.promisedFor, on },
    });
    for (const h of holds) decision.push({ type: 'HoldReleased', data: { accountId: state.accountId, holdId: h.holdId, kind: h.kind, reason: 'promise_broken', releasedOn: on } });
    escalate(decision, policy, promise.invoiceIds, `promise ${promise.promiseId} broken`, on);
  }
  for (const plan of Object.values(decision.known.plans)) {
    if (plan.status !== 'accepted' || !plan.acceptedOn) continue;
    let missed = plan.missed;
    let ended = false;
    for (let index = plan.evaluated; index < plan.installments.length && !ended; index++) {
      const installment = plan.installments[index];
      if (installment.dueOn >= on) break;
      const state = decision.known;
      const dueSoFar = plan.installments.slice(0, index + 1).reduce((sum, i) => sum + i.amountMinor, 0);
      const paid = paidBetween(state, plan.acceptedOn, installment.dueOn, plan.invoiceIds);
      if (paid >= dueSoFar) decision.push({ type: 'PaymentPlanInstallmentKept', data: { accountId: state.accountId, planId: plan.planId, index, dueOn: installment.dueOn } });
      else {
        missed += 1;
        decision.push({ type: 'PaymentPlanInstallmentMissed', data: { accountId: state.accountId, planId: plan.planId, index, dueOn: installment.dueOn, missed } });
      }
      const last = index === plan.installments.length - 1;
      const outcome = missed >= plan.maxMissed ? 'broken' : last ? 'completed' : undefined;
      if (outcome) {
        ended = true;
        decision.push({ type: 'PaymentPlanEnded', data: { accountId: state.accountId, planId: plan.planId, outcome, on } });
        for (const h of Object.values(decision.known.holds).filter((h) => h.source === plan.planId)) {
          decision.push({ type: 'HoldReleased', data: { accountId: state.accountId, holdId: h.holdId, kind: h.kind, reason: `plan_${outcome}`, releasedOn: on } });
        }
        if (outcome === 'broken') escalate(decision, policy, plan.invoiceIds, `payment plan ${plan.planId} broken`, on);
      }
    }
  }
}

/** The daily run for one account on one date: holds expire, promises and plans are judged, the ladder moves, charges accrue, the priority is scored. */
function runDailyDunning(command: Extract<CaseCommand, { type: 'RunDailyDunning' }>, state: CaseState): Decision {
  const decision = new Decision(state);
  if (state.status !== 'Active') return decision;
  const on = command.on;
  // Days run in calendar order: a late call for an older day must not rewind the ladder.
  if (state.lastRunOn !== undefined && on < state.lastRunOn) return decision;
  const accountId = state.accountId;
  const policy = command.policies[`${state.profile.segment}.${state.profile.kind}`];
  // Promises first: a broken promise ends its own hold, with its own reason.
  runPromisesAndPlans(decision, policy, on);
  for (const hold of Object.values(decision.known.holds)) {
    if (hold.expiresOn !== undefined && hold.expiresOn <= on) decision.push({ type: 'HoldReleased', data: { accountId, holdId: hold.holdId, kind: hold.kind, reason: 'expired', releasedOn: hold.expiresOn } });
  }

  const current = () => decision.known as Extract<CaseState, { status: 'Active' }>;
  const { latePayment } = command.rules;
  const fired: { invoice: CaseInvoice; step: DunningStep }[] = [];
  const exhausted: CaseInvoice[] = [];
  const open = valuesOf(current().invoices).filter(isOpen).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.invoiceId.localeCompare(b.invoiceId));
  for (const invoice of open) {
    const dunnable = dunnableMinor(invoice, holdsOn(current().holds, invoice.invoiceId));
    if (dunnable === 0) continue;
    const daysLate = daysBetween(invoice.dueOn, on);
    if (daysLate >= 1 && !invoice.indemnityAssessed && appliesTo(latePayment, current().profile.kind) && invoice.currency === latePayment.recoveryIndemnityCurrency) {
      decision.push({
        type: 'LatePaymentChargeAssessed',
        data: { accountId, invoiceId: invoice.invoiceId, kind: 'recovery_indemnity', amountMinor: latePayment.recoveryIndemnityMinor, currency: invoice.currency, basis: 'C. com. L441-10: fixed recovery indemnity per late invoice', on },
      });
    }
    if (!policy) continue;
    if (daysLate < 0) {
      const preventive = policy.steps.find((s) => s.anchor === 'issueDate' && !invoice.takenSteps.includes(s.stepId) && daysBetween(invoice.issuedOn, on) >= s.offsetDays && conditionsHold(s, dunnable, current()));
      if (preventive) fired.push({ invoice, step: preventive });
    }
    const day = ladderDay(invoice, on);
    const after = lastTakenOffset(policy, invoice);
    const candidates = dueSteps(policy).filter((s) => s.offsetDays > after && s.offsetDays <= day && conditionsHold(s, dunnable, current()));
    const step = candidates[candidates.length - 1];
    if (step) fired.push({ invoice, step });
    else if (policy.handoff && day >= policy.handoff.afterDays && (current().profile.kind === 'b2c' || (invoice.formalNoticeOn !== undefined && invoice.formalNoticeOn < on))) exhausted.push(invoice);
  }

  if (policy) {
    const calls = fired.filter((f) => f.step.channel === 'call_task');
    for (const stepId of [...new Set(calls.map((c) => c.step.stepId))]) {
      const invoices = calls.filter((c) => c.step.stepId === stepId).map((c) => c.invoice);
      decision.push({
        type: 'CallTaskOpened',
        data: { accountId, taskId: `${accountId}:${stepId}:${on}`, reason: 'dunning_step', stepId, on, invoiceIds: invoices.map((i) => i.invoiceId), provenance: provenanceOf(current(), policy, on, invoices, stepId) },
      });
    }
    const notices = fired.filter((f) => f.step.channel !== 'call_task');
    if (notices.length) {
      const worst = notices.reduce((a, b) => (SEVERITY[b.step.channel] > SEVERITY[a.step.channel] || (SEVERITY[b.step.channel] === SEVERITY[a.step.channel] && b.step.offsetDays > a.step.offsetDays) ? b : a));
      const listed = valuesOf(current().invoices)
        .filter((i) => isOpen(i) && (daysBetween(i.dueOn, on) >= 0 || notices.some((n) => n.invoice.invoiceId === i.invoiceId)))
        .map((i) => ({ invoice: i, dunnable: dunnableMinor(i, holdsOn(current().holds, i.invoiceId)) }))
        .filter((x) => x.dunnable > 0);
      const items: ReminderItem[] = listed.map(({ invoice, dunnable }) => ({ invoiceId: invoice.invoiceId, openAmountMinor: dunnable, currency: invoice.currency, dueOn: invoice.dueOn, daysLate: daysBetween(invoice.dueOn, on) }));
      const stepInvoices = notices.map((n) => n.invoice);
      const penalties: Extract<CaseEvent, { type: 'LatePaymentChargeAssessed' }>[] = [];
      if (notices.some((n) => n.step.assessPenalty) && appliesTo(latePayment, current().profile.kind)) {
        const rateBp = penaltyRateBp(latePayment);
        for (const { invoice, dunnable } of listed) {
          const fromDate = maxDate(invoice.dueOn, invoice.penaltyAssessedTo ?? invoice.dueOn);
          const days = daysBetween(fromDate, on);
          const amountMinor = latePaymentPenaltyMinor(dunnable, rateBp, days);
          if (amountMinor > 0) {
            penalties.push({
              type: 'LatePaymentChargeAssessed',
              data: { accountId, invoiceId: invoice.invoiceId, kind: 'late_payment_penalty', amountMinor, currency: invoice.currency, basis: `C. com. L441-10: ${dunnable} x ${rateBp} bp x ${days} days / 365, rounded half up`, on, fromDate, rateBp },
            });
          }
        }
      }
      const listedIds = new Set(listed.map((x) => x.invoice.invoiceId));
      const charges = [...decision.events, ...penalties]
        .filter((e): e is Extract<CaseEvent, { type: 'LatePaymentChargeAssessed' }> => e.type === 'LatePaymentChargeAssessed' && listedIds.has(e.data.invoiceId))
        .map((e) => ({ invoiceId: e.data.invoiceId, kind: e.data.kind, amountMinor: e.data.amountMinor }));
      decision.push({
        type: 'DunningStepTaken',
        data: {
          accountId,
          reminderId: `${accountId}:${worst.step.stepId}:${on}`,
          stepId: worst.step.stepId,
          channel: worst.step.channel,
          templateId: worst.step.templateId,
          policyId: policy.policyId,
          policyVersion: policy.version,
          on,
          steps: notices.map((n) => ({ invoiceId: n.invoice.invoiceId, stepId: n.step.stepId })),
          items,
          totalMinor: items.reduce((sum, i) => sum + i.openAmountMinor, 0),
          currency: current().profile.currency,
          charges,
          provenance: provenanceOf(current(), policy, on, stepInvoices, worst.step.stepId),
        },
      });
      for (const penalty of penalties) decision.push(penalty);
    }
    if (exhausted.length && policy.handoff) {
      decision.push({
        type: 'DunningLadderExhausted',
        data: {
          accountId,
          policyId: policy.policyId,
          policyVersion: policy.version,
          invoiceIds: exhausted.map((i) => i.invoiceId),
          openMinor: exhausted.reduce((sum, i) => sum + i.openMinor, 0),
          currency: current().profile.currency,
          on,
          provenance: provenanceOf(current(), policy, on, exhausted),
        },
      });
    }
  }
  assignByRule(decision, command.rules.assignment);
  score(decision, policy, command.rules, on);
  return decision;
}

/**
 * The days after `command.on` (as counts of days from it, ascending) on which one of runDailyDunning's comparisons
 * with the run date can turn, for this state: a due date reached or passed, a step's or the handoff's ladder day, a
 * preventive step's day, a promise's or an installment's date passed, a hold's expiry, a formal notice passed, a recent
 * contact grown old, the last run or score date. Between two of them every comparison, so the run's whole decision,
 * stays as it is: the next run date tries these days only (next-run.ts). A new comparison with the run date in
 * runDailyDunning, escalate, score or assignByRule must add its day here (decide.spec checks against every day).
 */
export function runDecisionDays(state: CaseState, command: Extract<CaseCommand, { type: 'RunDailyDunning' }>): number[] {
  if (state.status !== 'Active') return [];
  const days = new Set<number>([1]);
  const at = (date: string, plus = 0): void => void days.add(daysBetween(command.on, date) + plus);
  if (state.lastRunOn !== undefined) at(state.lastRunOn);
  if (state.lastScoredOn !== undefined) {
    at(state.lastScoredOn);
    at(state.lastScoredOn, 1);
  }
  for (const promise of Object.values(state.promises)) if (promise.status === 'open') at(promise.promisedFor, 1);
  for (const plan of Object.values(state.plans)) if (plan.status === 'accepted') for (const installment of plan.installments) at(installment.dueOn, 1);
  for (const hold of Object.values(state.holds)) if (hold.expiresOn !== undefined) at(hold.expiresOn);
  const policy = command.policies[`${state.profile.segment}.${state.profile.kind}`];
  for (const invoice of valuesOf(state.invoices)) {
    if (!isOpen(invoice)) continue;
    at(invoice.dueOn);
    at(invoice.dueOn, 1);
    if (invoice.formalNoticeOn !== undefined) at(invoice.formalNoticeOn, 1);
    if (!policy) continue;
    // The ladder day of `on` is daysBetween(dueOn, on) - heldDays + advanceDays: it reaches `offset` on dueOn + offset + heldDays - advanceDays.
    const shift = invoice.heldDays - invoice.advanceDays;
    for (const step of policy.steps) at(step.anchor === 'issueDate' ? invoice.issuedOn : invoice.dueOn, step.offsetDays + (step.anchor === 'issueDate' ? 0 : shift));
    if (policy.handoff) at(invoice.dueOn, policy.handoff.afterDays + shift);
  }
  if (state.lastContact !== undefined) at(state.lastContact.at.slice(0, 10), command.rules.scoring.recentContactDays + 1);
  return [...days].filter((d) => d >= 1).sort((a, b) => a - b);
}

function assignByRule(decision: Decision, assignment: readonly AssignmentRule[]): void {
  const state = decision.known as Extract<CaseState, { status: 'Active' }>;
  if (state.assignment?.by === 'manual') return;
  const openMinor = valuesOf(state.invoices).reduce((sum, i) => sum + Math.max(0, i.openMinor), 0);
  const rule = assignment.find(
    (r) => (r.segment === undefined || r.segment === state.profile.segment) && (r.region === undefined || r.region === state.profile.region) && (r.minOpenMinor === undefined || openMinor >= r.minOpenMinor),
  );
  if (!rule || (state.assignment?.collectorId === rule.collectorId && state.assignment.team === rule.team)) return;
  decision.push({ type: 'CollectorAssigned', data: { accountId: state.accountId, collectorId: rule.collectorId, team: rule.team, by: 'rule', rule: rule.ruleId } });
}

/** The worklist priority: a sum of points, each part shown with its input. */
function score(decision: Decision, policy: DunningPolicyVersion | undefined, rules: RunRules, on: string): void {
  const state = decision.known as Extract<CaseState, { status: 'Active' }>;
  if (state.lastScoredOn === on) return;
  const w = rules.scoring;
  const overdue = valuesOf(state.invoices)
    .filter((i) => isOpen(i) && daysBetween(i.dueOn, on) > 0)
    .map((i) => ({ invoice: i, dunnable: dunnableMinor(i, holdsOn(state.holds, i.invoiceId)) }))
    .filter((x) => x.dunnable > 0);
  const atStake = overdue.reduce((sum, x) => sum + x.dunnable, 0);
  const maxDaysLate = Math.max(0, ...overdue.map((x) => daysBetween(x.invoice.dueOn, on)));
  const oldestDueOn = overdue.length ? overdue.map((x) => x.invoice.dueOn).reduce((a, b) => (a < b ? a : b)) : null;
  const disputes = Object.values(state.holds).filter((h) => h.kind === 'dispute').length;
  const recent = state.lastContact !== undefined && daysBetween(state.lastContact.at.slice(0, 10), on) <= w.recentContactDays && state.lastContact.outcome !== 'no_answer';
  const parts: ScorePart[] = [
    { part: 'amount_at_stake', input: atStake, points: Math.floor((atStake * w.perThousandAtStake) / 100_000) },
    { part: 'days_late', input: maxDaysLate, points: maxDaysLate * w.perDayLate },
    { part: 'broken_promises', input: state.brokenPromises, points: state.brokenPromises * w.perBrokenPromise },
    { part: 'risk_class', input: state.riskClass, points: w.riskClass[state.riskClass] },
    { part: 'segment', input: state.profile.segment, points: w.segment[state.profile.segment] },
    { part: 'open_tasks', input: state.openTasks.length, points: state.openTasks.length * w.perOpenTask },
    { part: 'open_disputes', input: disputes, points: disputes * w.perOpenDispute },
    { part: 'recent_contact', input: state.lastContact?.at ?? 'none', points: recent ? -w.recentContactPenalty : 0 },
  ];
  const onWorklist = (policy?.collectorTime ?? false) && (atStake > 0 || state.openTasks.length > 0);
  if (!onWorklist && !state.onWorklist) return;
  let nextAction: { channel: DunningChannel | 'phone'; on: string; why: string } | null = null;
  if (state.openTasks.length) nextAction = { channel: 'phone', on, why: `open call task ${state.openTasks[state.openTasks.length - 1]}` };
  else if (policy) {
    for (const { invoice } of overdue) {
      const day = ladderDay(invoice, on);
      const next = dueSteps(policy).find((s) => s.offsetDays > Math.max(day, lastTakenOffset(policy, invoice)));
      if (next) {
        const when = addDays(on, next.offsetDays - day);
        if (!nextAction || when < nextAction.on) nextAction = { channel: next.channel, on: when, why: `${next.stepId} for ${invoice.invoiceId}` };
      }
    }
  }
  // Only what the passing days alone would not say: the worklist grows the days-late part by itself.
  if (state.lastScoreSignature === scoreSignature({ onWorklist, parts, nextAction, oldestDueOn })) return;
  decision.push({
    type: 'PriorityScored',
    data: { accountId: state.accountId, on, onWorklist, score: parts.reduce((sum, p) => sum + p.points, 0), parts, amountAtStakeMinor: atStake, maxDaysLate, nextAction, oldestDueOn, perDayLate: w.perDayLate },
  });
}

const requireKnown = (state: CaseState, accountId: string): KnownCase => (state.status === 'Empty' ? refuse('not_found', 'collections.account_unknown', `no collections case for account ${accountId}`, 'accountId') : state);

const positiveInt = (value: number, field: string): void => {
  if (!Number.isSafeInteger(value) || value <= 0) refuse('validation', 'collections.invalid_amount', `${field} must be a positive whole number of minor units`, field);
};

export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  const accountId = command.accountId;
  switch (command.type) {
    case 'LearnAccountProfile': {
      const { type: _t, assignment, ...data } = command;
      if (state.status === 'Active') return [];
      // The accountant is the first one to reach about an invoice.
      const contacts = [...data.contacts].sort((a, b) => (a.role === 'accountant' ? 0 : 1) - (b.role === 'accountant' ? 0 : 1));
      const decision = new Decision(state);
      decision.push({ type: 'AccountProfileLearned', data: { ...data, contacts } });
      // A case opens with its collector, by the rules on what it knows now (invoices learned before the profile count).
      if (assignment) assignByRule(decision, assignment);
      return decision.events;
    }
    case 'LearnSegment':
      return state.status === 'Active' && state.profile.segment !== command.segment ? [{ type: 'SegmentLearned', data: { accountId, segment: command.segment } }] : [];
    case 'LearnRiskClass':
      return state.status !== 'Empty' && state.riskClass === command.riskClass ? [] : [{ type: 'RiskClassLearned', data: { accountId, riskClass: command.riskClass } }];
    case 'LearnInvoice': {
      if (state.status !== 'Empty' && hasIn(state.invoices, command.invoiceId)) return [];
      const { type: _t, ...data } = command;
      return [{ type: 'InvoiceLearned', data }];
    }
    case 'LearnOpenAmount': {
      if (state.status === 'Empty' || !hasIn(state.invoices, command.invoiceId)) return [];
      const { type: _t, ...data } = command;
      const decision = new Decision(state);
      decision.push({ type: 'InvoiceOpenAmountChanged', data });
      if (command.cause === 'payment') {
        for (const promise of Object.values(decision.known.promises)) {
          if (promise.status !== 'open' || command.on < promise.recordedOn || command.on > promise.promisedFor) continue;
          const paid = paidBetween(decision.known, promise.recordedOn, promise.promisedFor, promise.invoiceIds);
          if (paid < promise.amountMinor) continue;
          decision.push({ type: 'PromiseToPayKept', data: { accountId, promiseId: promise.promiseId, paidMinor: paid, on: command.on } });
          for (const h of Object.values(decision.known.holds).filter((h) => h.source === promise.promiseId)) {
            decision.push({ type: 'HoldReleased', data: { accountId, holdId: h.holdId, kind: h.kind, reason: 'promise_kept', releasedOn: command.on } });
          }
        }
      }
      return decision.events;
    }
    case 'PlaceHold': {
      const existing = state.status === 'Empty' ? undefined : state.holds[command.holdId];
      if (existing) return existing.kind === command.kind ? [] : refuse('conflict', 'collections.hold_exists', `hold ${command.holdId} is already placed`, 'holdId');
      if (command.scope !== 'account' && !(command.invoiceIds ?? []).length) refuse('validation', 'collections.hold_needs_invoice', `a ${command.scope} hold names its invoice`, 'invoiceIds');
      if (command.scope === 'amount') {
        positiveInt(command.amountMinor ?? 0, 'amountMinor');
        if ((command.invoiceIds ?? []).length !== 1) refuse('validation', 'collections.hold_needs_invoice', 'an amount hold names exactly one invoice', 'invoiceIds');
      }
      if (command.expiresOn !== undefined && command.expiresOn <= command.on) refuse('validation', 'collections.hold_expiry_past', 'expiresOn must come after today', 'expiresOn');
      return [
        {
          type: 'HoldPlaced',
          data: {
            accountId,
            holdId: command.holdId,
            kind: command.kind,
            scope: command.scope,
            ...(command.invoiceIds ? { invoiceIds: command.invoiceIds } : {}),
            ...(command.amountMinor !== undefined ? { amountMinor: command.amountMinor } : {}),
            reason: command.reason,
            ...(command.expiresOn ? { expiresOn: command.expiresOn } : {}),
            placedOn: command.on,
            placedBy: command.placedBy,
            ...(command.source ? { source: command.source } : {}),
          },
        },
      ];
    }
    case 'ReleaseHold': {
      if (state.status === 'Empty') return [];
      const holds = Object.values(state.holds).filter((h) => (command.holdId !== undefined && h.holdId === command.holdId) || (command.source !== undefined && h.source === command.source));
      if (command.holdId !== undefined && holds.length === 0) refuse('not_found', 'collections.hold_unknown', `no active hold ${command.holdId}`, 'holdId');
      return holds.map((h) => ({ type: 'HoldReleased', data: { accountId, holdId: h.holdId, kind: h.kind, reason: command.reason, releasedOn: command.on } }));
    }
    case 'RunDailyDunning':
      return runDailyDunning(command, state).events;
    case 'RecordPromiseToPay': {
      const known = requireKnown(state, accountId);
      positiveInt(command.amountMinor, 'amountMinor');
      if (command.promisedFor < command.on) refuse('validation', 'collections.promise_in_past', 'promisedFor cannot be before today', 'promisedFor');
      if (known.promises[command.promiseId]) return [];
      command.invoiceIds.forEach((id, i) => {
        if ((getIn(known.invoices, id)?.openMinor ?? 0) <= 0) refuse('validation', 'collections.invoice_not_open', `invoice ${id} is not open on this account`, `invoiceIds[${i}]`);
      });
      return [
        {
          type: 'PromiseToPayRecorded',
          data: {
            accountId,
            promiseId: command.promiseId,
            amountMinor: command.amountMinor,
            currency: command.currency,
            promisedFor: command.promisedFor,
            ...(command.contactId ? { contactId: command.contactId } : {}),
            channel: command.channel,
            invoiceIds: command.invoiceIds,
            recordedBy: command.recordedBy,
            recordedOn: command.on,
          },
        },
        {
          type: 'HoldPlaced',
          data: {
            accountId,
            holdId: `promise:${command.promiseId}`,
            kind: 'promise_to_pay',
            scope: command.invoiceIds.length ? 'invoice' : 'account',
            ...(command.invoiceIds.length ? { invoiceIds: command.invoiceIds } : {}),
            reason: `promise to pay ${command.amountMinor} by ${command.promisedFor}`,
            // Held through the promised date; judged by the next day's run.
            expiresOn: addDays(command.promisedFor, 1),
            placedOn: command.on,
            placedBy: command.recordedBy,
            source: command.promiseId,
          },
        },
      ];
    }
    case 'ProposePaymentPlan': {
      const known = requireKnown(state, accountId);
      if (known.plans[command.planId]) return [];
      if (!command.installments.length) refuse('validation', 'collections.plan_empty', 'a plan has at least one installment', 'installments');
      command.installments.forEach((installment, i) => {
        positiveInt(installment.amountMinor, `installments[${i}].amountMinor`);
        if (i > 0 && installment.dueOn <= command.installments[i - 1].dueOn) refuse('validation', 'collections.plan_dates', 'installments come in increasing date order', `installments[${i}].dueOn`);
      });
      if (command.installments[0].dueOn < command.on) refuse('validation', 'collections.plan_dates', 'the first installment cannot be before today', 'installments[0].dueOn');
      if (!Number.isSafeInteger(command.maxMissed) || command.maxMissed < 1) refuse('validation', 'collections.plan_max_missed', 'maxMissed is at least 1', 'maxMissed');
      const { type: _t, ...data } = command;
      return [{ type: 'PaymentPlanProposed', data }];
    }
    case 'AcceptPaymentPlan': {
      const known = requireKnown(state, accountId);
      const plan = known.plans[command.planId] ?? refuse('not_found', 'collections.plan_unknown', `no payment plan ${command.planId}`, 'planId');
      if (plan.status === 'accepted') return [];
      if (plan.status !== 'proposed') refuse('conflict', 'collections.plan_not_proposed', `plan ${plan.planId} is ${plan.status}`, 'planId');
      return [
        { type: 'PaymentPlanAccepted', data: { accountId, planId: plan.planId, on: command.on, acceptedBy: command.acceptedBy, installments: plan.installments, currency: plan.currency, invoiceIds: plan.invoiceIds } },
        {
          type: 'HoldPlaced',
          data: {
            accountId,
            holdId: `plan:${plan.planId}`,
            kind: 'payment_plan',
            scope: plan.invoiceIds.length ? 'invoice' : 'account',
            ...(plan.invoiceIds.length ? { invoiceIds: plan.invoiceIds } : {}),
            reason: `payment plan of ${plan.installments.length} installments`,
            placedOn: command.on,
            placedBy: command.acceptedBy,
            source: plan.planId,
          },
        },
      ];
    }
    case 'RecordContactOutcome': {
      requireKnown(state, accountId);
      const { type: _t, ...data } = command;
      return [{ type: 'ContactOutcomeRecorded', data }];
    }
    case 'AssignCollector': {
      const known = requireKnown(state, accountId);
      if (known.assignment?.by === 'manual' && known.assignment.collectorId === command.collectorId && known.assignment.team === command.team) return [];
      return [{ type: 'CollectorAssigned', data: { accountId, collectorId: command.collectorId, team: command.team, by: 'manual' } }];
    }
    case 'OpenDeliveryFailureTask': {
      if (state.status === 'Empty') return [];
      const taskId = `${command.reminderId}:delivery_failed`;
      if (state.openTasks.includes(taskId)) return [];
      return [{ type: 'CallTaskOpened', data: { accountId, taskId, reason: 'delivery_failed', on: command.on, invoiceIds: [], detail: `${command.channel}: ${command.reason}` } }];
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

/** `decide` and the state its events fold to: the daily run folds its events as it decides (Decision), so the runner need not fold them again. */
export function decideAndFold(command: CaseCommand, state: CaseState): { events: CaseEvent[]; state: CaseState } {
  if (command.type === 'RunDailyDunning') {
    const decision = runDailyDunning(command, state);
    return { events: decision.events, state: decision.state };
  }
  const events = decide(command, state);
  return { events, state: events.reduce(evolve, state) };
}
