import { DomainException, domainError, getIn, type ErrorKind } from '@o2c/kernel';
import { blockerOf, evaluatePlacement, overdueInvoices } from '../placement/placement.rules';
import type { DebtorFileCommand } from './commands';
import { claimIdOf, type DebtorFileEvent, type DebtorFileEventOf } from './events';
import { noteFact } from './evolve';
import { activeClaimOf, emptyFile, type DebtorFileState, type OpenDebtorFile } from './state';

const refuse = (kind: ErrorKind, code: string, message: string, field?: string): never => {
  throw new DomainException(domainError(kind, code, message, field ? { field } : {}));
};

const AGENCY_PAYMENT = /^AGY-/;

/**
 * A fact that makes the active claim pointless asks for its recall: a dispute
 * on a claimed invoice, or the claimed invoices settled by anything but the
 * agency's own recoveries (payments `AGY-*`): the customer paid us directly.
 */
function recallAfter(before: OpenDebtorFile, fact: DebtorFileEventOf<'FactNoted'>['data']): DebtorFileEvent[] {
  const claim = activeClaimOf(before);
  if (!claim || claim.status !== 'active') return [];
  const recall = (reason: 'paid_directly' | 'dispute_opened'): DebtorFileEvent[] => [{ type: 'ClaimRecallRequested', data: { accountId: before.accountId, claimId: claim.claimId, reason } }];
  const invoiceId = fact.data.invoiceId as string | undefined;
  if (!invoiceId || !claim.invoiceIds.includes(invoiceId)) return [];
  if (fact.type === 'DisputeOpened' || fact.type === 'DisputeReopened') return recall('dispute_opened');
  if (['PaymentApplied', 'CreditNoteIssued', 'InvoiceWrittenOff'].includes(fact.type)) {
    if (fact.type === 'PaymentApplied' && AGENCY_PAYMENT.test(String(fact.data.paymentId))) return [];
    const after = noteFact(before, fact);
    if (claim.invoiceIds.every((id) => (getIn(after.invoices, id)?.openAmountMinor ?? 0) === 0)) return recall('paid_directly');
  }
  return [];
}

function placementDecided(file: OpenDebtorFile, agencyId: string, ruleId: string, reason: string, today: string, invoiceIds: string[], totalMinor: number, currency: string): DebtorFileEvent[] {
  return [
    {
      type: 'ClaimPlacementDecided',
      data: { accountId: file.accountId, claimId: claimIdOf(file.accountId, file.placements + 1), agencyId, ruleId, reason, invoiceIds, totalMinor, currency, placedOn: today },
    },
  ];
}

export function decide(command: DebtorFileCommand, state: DebtorFileState): DebtorFileEvent[] {
  switch (command.type) {
    case 'NoteFact': {
      const file = state.status === 'Open' ? state : emptyFile(command.accountId);
      const data = { accountId: command.accountId, source: command.source, type: command.factType, data: command.data, messageId: command.messageId, occurredAt: command.occurredAt };
      return [{ type: 'FactNoted', data }, ...recallAfter(file, data)];
    }
    case 'EvaluatePlacement': {
      if (state.status !== 'Open') return [];
      const verdict = evaluatePlacement(state, command.policy, command.today);
      if (!verdict.place) return [];
      return placementDecided(state, verdict.agencyId, verdict.ruleId, `rule ${verdict.ruleId}`, command.today, verdict.invoices.map((i) => i.invoiceId), verdict.totalMinor, verdict.currency);
    }
    case 'PlaceByHand': {
      if (state.status !== 'Open' || !state.account) return refuse('not_found', 'agency.account_unknown', `account "${command.accountId}" is unknown to the agency context`, 'accountId');
      if (!command.policy.agencies.some((a) => a.agencyId === command.agencyId)) return refuse('not_found', 'agency.agency_unknown', `agency "${command.agencyId}" is not configured`, 'agencyId');
      const blocker = blockerOf(state);
      if (blocker === 'claim_active') return refuse('conflict', 'agency.claim_active', `account "${command.accountId}" already has a claim with an agency`, 'accountId');
      if (blocker) return refuse('rule_violation', `agency.${blocker}`, `account "${command.accountId}" cannot be placed: ${blocker.replace(/_/g, ' ')}`, 'accountId');
      const overdue = overdueInvoices(state, command.today);
      if (!overdue.length) return refuse('rule_violation', 'agency.nothing_overdue', `account "${command.accountId}" has no overdue open invoice`, 'accountId');
      const totalMinor = overdue.reduce((sum, i) => sum + i.openAmountMinor, 0);
      return placementDecided(state, command.agencyId, 'manual', command.reason, command.today, overdue.map((i) => i.invoiceId), totalMinor, state.account.currency);
    }
    case 'EndClaim': {
      if (state.status !== 'Open') return [];
      const claim = state.claims.get(command.claimId);
      if (!claim || claim.status === 'ended') return [];
      return [{ type: 'ClaimEnded', data: { accountId: state.accountId, claimId: command.claimId, outcome: command.outcome } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown debtor file command ${JSON.stringify(unknown)}`);
    }
  }
}
