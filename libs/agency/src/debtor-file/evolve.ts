import type {
  AccountOpenedV1,
  AccountSegmentChangedV1,
  ContactOutcomeRecordedV1,
  CreditNoteIssuedV1,
  DisputeOpenedV1,
  DisputeReopenedV1,
  DisputeResolvedV1,
  DunningLadderExhaustedV1,
  FormalNoticeSentV1,
  HoldPlacedV1,
  HoldReleasedV1,
  InvoiceIssuedV1,
  InvoiceWrittenOffV1,
  PaymentAppliedV1,
  PaymentPlanAgreedV1,
  PaymentPlanEndedV1,
  PaymentReversedV1,
  PromiseToPayBrokenV1,
  PromiseToPayKeptV1,
  PromiseToPayRecordedV1,
  ReminderSentV1,
} from '@o2c/contracts';
import { getIn, hasIn, setIn, someIn } from '@o2c/kernel';
import type { DebtorFileEvent, DebtorFileEventOf } from './events';
import { emptyFile, type DebtorFileState, type HistoryEntry, type OpenDebtorFile } from './state';

const withMap = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> => new Map(map).set(key, value);
const withSet = <V>(set: ReadonlySet<V>, value: V, present: boolean): Set<V> => {
  const next = new Set(set);
  if (present) next.add(value);
  else next.delete(value);
  return next;
};
const history = (file: OpenDebtorFile, entry: HistoryEntry): OpenDebtorFile => ({ ...file, history: [...file.history, entry] });

function withOpenAmount(file: OpenDebtorFile, invoiceId: string, openAmountMinor: number): OpenDebtorFile {
  const invoice = getIn(file.invoices, invoiceId);
  if (!invoice) return file;
  const next = { ...file, invoices: setIn(file.invoices, invoiceId, { ...invoice, openAmountMinor }) };
  // Everything settled: the next unpaid invoice starts a new ladder.
  const settled = !someIn(next.invoices, (i) => i.openAmountMinor !== 0);
  return settled ? { ...next, ladderExhaustedOn: undefined, formalNoticeSentOn: undefined } : next;
}

/** Folds one upstream fact into the file; unknown fact types change nothing (forward compatible). */
export function noteFact(file: OpenDebtorFile, fact: DebtorFileEventOf<'FactNoted'>['data']): OpenDebtorFile {
  const at = fact.occurredAt;
  switch (fact.type) {
    case 'AccountOpened': {
      const d = fact.data as unknown as AccountOpenedV1;
      return {
        ...file,
        account: {
          legalName: d.legalName,
          kind: d.kind,
          segment: d.segment,
          region: d.region,
          country: d.country,
          siren: d.siren,
          currency: d.currency,
          contacts: d.contacts,
        },
      };
    }
    case 'AccountSegmentChanged': {
      const d = fact.data as unknown as AccountSegmentChangedV1;
      return file.account ? { ...file, account: { ...file.account, segment: d.segment } } : file;
    }
    case 'InvoiceIssued': {
      const d = fact.data as unknown as InvoiceIssuedV1;
      if (hasIn(file.invoices, d.invoiceId)) return file;
      return {
        ...file,
        invoices: setIn(file.invoices, d.invoiceId, {
          invoiceId: d.invoiceId,
          issuedOn: d.issuedOn,
          dueOn: d.dueOn,
          totalMinor: d.totalMinor,
          openAmountMinor: d.openAmountMinor,
          currency: d.currency,
        }),
      };
    }
    case 'PaymentApplied':
    case 'PaymentReversed':
    case 'CreditNoteIssued':
    case 'InvoiceWrittenOff': {
      const d = fact.data as unknown as PaymentAppliedV1 | PaymentReversedV1 | CreditNoteIssuedV1 | InvoiceWrittenOffV1;
      return withOpenAmount(file, d.invoiceId, d.openAmountMinor);
    }
    case 'ReminderSent': {
      const d = fact.data as unknown as ReminderSentV1;
      return history(file, { at: d.sentAt, type: fact.type, summary: `reminder ${d.stepId} by ${d.channel}`, data: fact.data });
    }
    case 'FormalNoticeSent': {
      const d = fact.data as unknown as FormalNoticeSentV1;
      return { ...history(file, { at: d.sentAt, type: fact.type, summary: 'formal notice (mise en demeure)', data: fact.data }), formalNoticeSentOn: d.sentAt.slice(0, 10) };
    }
    case 'DunningLadderExhausted': {
      const d = fact.data as unknown as DunningLadderExhaustedV1;
      return { ...history(file, { at: d.exhaustedOn, type: fact.type, summary: `ladder ${d.policyId} v${d.policyVersion} exhausted`, data: fact.data }), ladderExhaustedOn: d.exhaustedOn.slice(0, 10) };
    }
    case 'ContactOutcomeRecorded': {
      const d = fact.data as unknown as ContactOutcomeRecordedV1;
      return history(file, { at: d.at, type: fact.type, summary: `${d.channel} contact by ${d.collectorId}: ${d.outcome}`, data: fact.data });
    }
    case 'PromiseToPayRecorded': {
      const d = fact.data as unknown as PromiseToPayRecordedV1;
      return history(file, { at, type: fact.type, summary: `promise to pay ${d.amountMinor} ${d.currency} by ${d.promisedFor}`, data: fact.data });
    }
    case 'PromiseToPayKept': {
      const d = fact.data as unknown as PromiseToPayKeptV1;
      return history(file, { at, type: fact.type, summary: `promise ${d.promiseId} kept`, data: fact.data });
    }
    case 'PromiseToPayBroken': {
      const d = fact.data as unknown as PromiseToPayBrokenV1;
      return history(file, { at, type: fact.type, summary: `promise ${d.promiseId} broken: ${d.paidMinor} of ${d.promisedMinor} paid`, data: fact.data });
    }
    case 'PaymentPlanAgreed': {
      const d = fact.data as unknown as PaymentPlanAgreedV1;
      return { ...history(file, { at, type: fact.type, summary: `payment plan ${d.planId}: ${d.installments.length} installments`, data: fact.data }), activePlans: withSet(file.activePlans, d.planId, true) };
    }
    case 'PaymentPlanEnded': {
      const d = fact.data as unknown as PaymentPlanEndedV1;
      return { ...history(file, { at, type: fact.type, summary: `payment plan ${d.planId} ${d.outcome}`, data: fact.data }), activePlans: withSet(file.activePlans, d.planId, false) };
    }
    case 'HoldPlaced': {
      const d = fact.data as unknown as HoldPlacedV1;
      return d.kind === 'legal' ? { ...file, legalHolds: withSet(file.legalHolds, d.holdId, true) } : file;
    }
    case 'HoldReleased': {
      const d = fact.data as unknown as HoldReleasedV1;
      return d.kind === 'legal' ? { ...file, legalHolds: withSet(file.legalHolds, d.holdId, false) } : file;
    }
    case 'DisputeOpened': {
      const d = fact.data as unknown as DisputeOpenedV1;
      return {
        ...file,
        disputes: withMap(file.disputes, d.disputeId, { disputeId: d.disputeId, invoiceId: d.invoiceId, amountMinor: d.amountMinor, cause: d.cause, openedAt: d.openedAt, status: 'open' }),
      };
    }
    case 'DisputeReopened': {
      const d = fact.data as unknown as DisputeReopenedV1;
      const known = file.disputes.get(d.disputeId);
      const reopened = { disputeId: d.disputeId, invoiceId: d.invoiceId, amountMinor: d.amountMinor, cause: known?.cause ?? 'other', openedAt: known?.openedAt ?? d.reopenedAt, status: 'open' as const };
      return { ...file, disputes: withMap(file.disputes, d.disputeId, reopened) };
    }
    case 'DisputeResolved': {
      const d = fact.data as unknown as DisputeResolvedV1;
      const known = file.disputes.get(d.disputeId);
      const base = known ?? { disputeId: d.disputeId, invoiceId: d.invoiceId, amountMinor: 0, cause: 'other', openedAt: d.resolvedAt };
      return {
        ...file,
        disputes: withMap(file.disputes, d.disputeId, { ...base, status: 'resolved', outcome: d.outcome, creditAmountMinor: d.creditAmountMinor, resolvedAt: d.resolvedAt }),
      };
    }
    default:
      return file;
  }
}

export function evolve(state: DebtorFileState, event: DebtorFileEvent): DebtorFileState {
  const file = state.status === 'Open' ? state : emptyFile(event.data.accountId);
  switch (event.type) {
    case 'FactNoted':
      return noteFact(file, event.data);
    case 'ClaimPlacementDecided': {
      const d = event.data;
      return {
        ...file,
        placements: file.placements + 1,
        claims: withMap(file.claims, d.claimId, {
          claimId: d.claimId,
          agencyId: d.agencyId,
          ruleId: d.ruleId,
          reason: d.reason,
          invoiceIds: d.invoiceIds,
          totalMinor: d.totalMinor,
          currency: d.currency,
          placedOn: d.placedOn,
          status: 'active',
        }),
      };
    }
    case 'ClaimRecallRequested': {
      const claim = file.claims.get(event.data.claimId);
      return claim ? { ...file, claims: withMap(file.claims, claim.claimId, { ...claim, status: 'recall_requested', recallReason: event.data.reason }) } : file;
    }
    case 'ClaimEnded': {
      const claim = file.claims.get(event.data.claimId);
      return claim ? { ...file, claims: withMap(file.claims, claim.claimId, { ...claim, status: 'ended' }) } : file;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
