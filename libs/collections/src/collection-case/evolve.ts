import { getIn, mapIn, setIn, someIn } from '@o2c/kernel';
import { daysBetween, maxDate } from './calendar';
import type { CaseEvent } from './case.events';
import { emptyBody, type CaseInvoice, type CaseState, type KnownCase } from './case.state';
import { isHeld } from './holds';
import { scoreSignature } from './score-signature';

type Body = Omit<KnownCase, 'status'>;

const known = (state: CaseState, accountId: string): KnownCase => (state.status === 'Empty' ? { status: 'Learning', ...emptyBody(accountId) } : state);

/**
 * After anything that may start or end a hold (a hold, a payment, a new
 * invoice), each open invoice's held interval opens or closes on `on`: the
 * days held after the due date shift its ladder, so a hold's end resumes the
 * ladder where it stood.
 */
function reassessHolds(state: KnownCase, on: string): KnownCase {
  const invoices = mapIn(state.invoices, (invoice) => {
    const held = isHeld(invoice, state.holds);
    if (held && !invoice.heldSince) return { ...invoice, heldSince: on };
    if (!held && invoice.heldSince) {
      const from = maxDate(invoice.heldSince, invoice.dueOn);
      return { ...invoice, heldSince: undefined, heldDays: invoice.heldDays + Math.max(0, daysBetween(from, on)) };
    }
    return invoice;
  });
  return invoices === state.invoices ? state : { ...state, invoices };
}

const withInvoice = (state: KnownCase, invoiceId: string, change: (invoice: CaseInvoice) => CaseInvoice): KnownCase => {
  const invoice = getIn(state.invoices, invoiceId);
  return invoice ? { ...state, invoices: setIn(state.invoices, invoiceId, change(invoice)) } : state;
};

const RUN_FACTS = new Set(['DunningStepTaken', 'LatePaymentChargeAssessed', 'DunningLadderExhausted', 'LadderEscalated', 'PriorityScored']);

export function evolve(current: CaseState, event: CaseEvent): CaseState {
  const next = evolveFact(current, event);
  if (!RUN_FACTS.has(event.type) || next.status === 'Empty') return next;
  const on = (event.data as { on: string }).on;
  return next.lastRunOn !== undefined && next.lastRunOn >= on ? next : { ...next, lastRunOn: on };
}

function evolveFact(current: CaseState, event: CaseEvent): CaseState {
  const state = known(current, event.data.accountId);
  switch (event.type) {
    case 'AccountProfileLearned': {
      const { accountId: _id, ...profile } = event.data;
      const body: Body = state;
      return { ...body, status: 'Active', profile };
    }
    case 'SegmentLearned':
      return state.status === 'Active' ? { ...state, profile: { ...state.profile, segment: event.data.segment } } : state;
    case 'RiskClassLearned':
      return { ...state, riskClass: event.data.riskClass };
    case 'InvoiceLearned': {
      const d = event.data;
      const invoice: CaseInvoice = {
        invoiceId: d.invoiceId,
        issuedOn: d.issuedOn,
        dueOn: d.dueOn,
        totalMinor: d.totalMinor,
        openMinor: d.openAmountMinor,
        currency: d.currency,
        takenSteps: [],
        heldDays: 0,
        advanceDays: 0,
        indemnityAssessed: false,
        handedOff: false,
      };
      return reassessHolds({ ...state, invoices: setIn(state.invoices, d.invoiceId, invoice) }, d.issuedOn);
    }
    case 'InvoiceOpenAmountChanged': {
      const d = event.data;
      let next = withInvoice(state, d.invoiceId, (invoice) => ({ ...invoice, openMinor: d.openAmountMinor }));
      if (d.cause === 'payment') next = { ...next, payments: setIn(next.payments, String(next.payments.next), { paymentId: d.paymentId, invoiceId: d.invoiceId, amountMinor: d.amountMinor, on: d.on }) };
      if (d.cause === 'reversal') next = { ...next, payments: setIn(next.payments, String(next.payments.next), { paymentId: d.paymentId, invoiceId: d.invoiceId, amountMinor: -d.amountMinor, on: d.on }) };
      // Nothing owed any more: the collectors' tasks on the account are moot.
      if (!someIn(next.invoices, (i) => i.openMinor > 0)) next = { ...next, openTasks: [] };
      return reassessHolds(next, d.on);
    }
    case 'HoldPlaced': {
      const { accountId: _id, ...hold } = event.data;
      return reassessHolds({ ...state, holds: { ...state.holds, [hold.holdId]: hold } }, hold.placedOn);
    }
    case 'HoldReleased': {
      const { [event.data.holdId]: _gone, ...holds } = state.holds;
      return reassessHolds({ ...state, holds }, event.data.releasedOn);
    }
    case 'DunningStepTaken': {
      const d = event.data;
      let next: KnownCase = state;
      for (const { invoiceId, stepId } of d.steps) {
        next = withInvoice(next, invoiceId, (invoice) => ({
          ...invoice,
          takenSteps: [...invoice.takenSteps, stepId],
          formalNoticeOn: d.channel === 'registered_letter' ? (invoice.formalNoticeOn ?? d.on) : invoice.formalNoticeOn,
        }));
      }
      const earlier = next.lastNotices.on === d.on ? next.lastNotices.notices : [];
      return { ...next, lastNotices: { on: d.on, notices: [...earlier, d] } };
    }
    case 'CallTaskOpened': {
      let next: KnownCase = { ...state, openTasks: [...state.openTasks, event.data.taskId] };
      if (event.data.stepId) for (const id of event.data.invoiceIds) next = withInvoice(next, id, (invoice) => ({ ...invoice, takenSteps: [...invoice.takenSteps, event.data.stepId!] }));
      return next;
    }
    case 'LatePaymentChargeAssessed': {
      const d = event.data;
      return withInvoice(state, d.invoiceId, (invoice) => (d.kind === 'recovery_indemnity' ? { ...invoice, indemnityAssessed: true } : { ...invoice, penaltyAssessedTo: d.on }));
    }
    case 'DunningLadderExhausted': {
      let next: KnownCase = state;
      for (const id of event.data.invoiceIds) next = withInvoice(next, id, (invoice) => ({ ...invoice, handedOff: true }));
      return next;
    }
    case 'LadderEscalated': {
      let next: KnownCase = state;
      for (const [id, days] of Object.entries(event.data.advanceDays)) next = withInvoice(next, id, (invoice) => ({ ...invoice, advanceDays: invoice.advanceDays + days }));
      return next;
    }
    case 'PromiseToPayRecorded': {
      const d = event.data;
      return { ...state, promises: { ...state.promises, [d.promiseId]: { promiseId: d.promiseId, amountMinor: d.amountMinor, currency: d.currency, promisedFor: d.promisedFor, recordedOn: d.recordedOn, invoiceIds: d.invoiceIds, status: 'open' } } };
    }
    case 'PromiseToPayKept':
    case 'PromiseToPayBroken': {
      const promise = state.promises[event.data.promiseId];
      if (!promise) return state;
      const broken = event.type === 'PromiseToPayBroken';
      return { ...state, brokenPromises: state.brokenPromises + (broken ? 1 : 0), promises: { ...state.promises, [promise.promiseId]: { ...promise, status: broken ? 'broken' : 'kept' } } };
    }
    case 'PaymentPlanProposed': {
      const d = event.data;
      return { ...state, plans: { ...state.plans, [d.planId]: { planId: d.planId, installments: d.installments, currency: d.currency, invoiceIds: d.invoiceIds, maxMissed: d.maxMissed, status: 'proposed', evaluated: 0, missed: 0 } } };
    }
    case 'PaymentPlanAccepted':
    case 'PaymentPlanInstallmentKept':
    case 'PaymentPlanInstallmentMissed':
    case 'PaymentPlanEnded': {
      const plan = state.plans[event.data.planId];
      if (!plan) return state;
      const next =
        event.type === 'PaymentPlanAccepted'
          ? { ...plan, status: 'accepted' as const, acceptedOn: event.data.on }
          : event.type === 'PaymentPlanInstallmentKept'
            ? { ...plan, evaluated: plan.evaluated + 1 }
            : event.type === 'PaymentPlanInstallmentMissed'
              ? { ...plan, evaluated: plan.evaluated + 1, missed: plan.missed + 1 }
              : { ...plan, status: event.data.outcome };
      return { ...state, plans: { ...state.plans, [plan.planId]: next } };
    }
    case 'ContactOutcomeRecorded': {
      const d = event.data;
      const closes = d.outcome !== 'no_answer' && d.outcome !== 'left_message';
      return { ...state, lastContact: { at: d.at, outcome: d.outcome, channel: d.channel }, openTasks: closes ? [] : state.openTasks };
    }
    case 'CollectorAssigned':
      return { ...state, assignment: { collectorId: event.data.collectorId, team: event.data.team, by: event.data.by } };
    case 'PriorityScored':
      return { ...state, onWorklist: event.data.onWorklist, lastScoredOn: event.data.on, lastScoreSignature: scoreSignature(event.data) };
    default: {
      const _never: never = event;
      return state;
    }
  }
}
