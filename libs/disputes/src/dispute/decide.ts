import { DomainException, domainError } from '@o2c/kernel';
import { atRiskAt, dueAt, pauseClock, remainingAt, resumeClock, startedClock, targetMs, usedAt } from '../sla/sla-clock';
import type { DisputeCommand } from './commands';
import type { DisputeEvent } from './events';
import type { DisputeState } from './state';

const refuse = (kind: 'not_found' | 'conflict' | 'rule_violation' | 'validation', code: string, message: string, field?: string): never => {
  throw new DomainException(domainError(kind, code, message, field ? { field } : {}));
};

type Existing = Exclude<DisputeState, { status: 'Empty' }>;
const existing = (state: DisputeState): Existing => (state.status === 'Empty' ? refuse('not_found', 'disputes.dispute_unknown', 'no such dispute', 'disputeId') : state);

const unresolved = (state: DisputeState, action: string): Exclude<Existing, { status: 'Resolved' }> => {
  const dispute = existing(state);
  if (dispute.status === 'Resolved') return refuse('conflict', 'disputes.dispute_resolved', `dispute "${dispute.disputeId}" is resolved: reopen it before you ${action}`, 'disputeId');
  return dispute;
};

/**
 * Decisions on one dispute. The SLA clock runs from opening, pauses while the
 * case waits on the customer and resumes on their answer; at risk and breach
 * are each flagged once in a dispute's life, and only when due. Reopening
 * (a restatement) keeps the history and resumes the clock from the time
 * already used, never from zero: a breached dispute stays breached.
 */
export function decide(command: DisputeCommand, state: DisputeState): readonly DisputeEvent[] {
  switch (command.type) {
    case 'OpenDispute': {
      if (state.status !== 'Empty') {
        if (state.invoiceId === command.invoiceId && state.amountMinor === command.amountMinor) return [];
        return refuse('conflict', 'disputes.dispute_id_taken', `dispute "${command.disputeId}" exists on another invoice or amount`, 'disputeId');
      }
      if (!Number.isInteger(command.amountMinor) || command.amountMinor < 1) return refuse('validation', 'disputes.invalid_amount', 'amountMinor must be a positive integer of minor units', 'amountMinor');
      if (command.amountMinor > command.invoiceOpenAmountMinor) {
        throw new DomainException(
          domainError('rule_violation', 'disputes.amount_exceeds_open_amount', `amountMinor ${command.amountMinor} is more than the invoice's open amount ${command.invoiceOpenAmountMinor}`, {
            field: 'amountMinor',
            details: { openAmountMinor: command.invoiceOpenAmountMinor },
          }),
        );
      }
      const dueBy = dueAt(startedClock(command.now), command.sla) as string;
      return [
        {
          type: 'DisputeOpened',
          data: {
            disputeId: command.disputeId,
            accountId: command.accountId,
            invoiceId: command.invoiceId,
            amountMinor: command.amountMinor,
            currency: command.currency,
            cause: command.cause,
            owner: command.owner,
            openedBy: command.openedBy,
            origin: command.origin,
            openedAt: command.now,
            ...(command.description ? { description: command.description } : {}),
            sla: command.sla,
            dueBy,
          },
        },
      ];
    }

    case 'AwaitCustomer': {
      const dispute = unresolved(state, 'wait on the customer');
      if (dispute.status === 'AwaitingCustomer') return [];
      return [{ type: 'DisputeAwaitingCustomer', data: { disputeId: dispute.disputeId, at: command.now, usedMs: pauseClock(dispute.clock, command.now, dispute.sla).usedMs } }];
    }

    case 'RecordCustomerAnswer': {
      const dispute = unresolved(state, 'record an answer');
      if (dispute.status !== 'AwaitingCustomer') return refuse('conflict', 'disputes.not_awaiting_customer', `dispute "${dispute.disputeId}" is not waiting on the customer`, 'disputeId');
      const clock = resumeClock(dispute.clock, command.now);
      return [{ type: 'DisputeCustomerAnswered', data: { disputeId: dispute.disputeId, at: command.now, usedMs: clock.usedMs, dueBy: dueAt(clock, dispute.sla) as string } }];
    }

    case 'AssignOwner': {
      const dispute = existing(state);
      const o = dispute.owner;
      if (o.ownerId === command.owner.ownerId && o.managerId === command.owner.managerId && o.team === command.owner.team) return [];
      return [{ type: 'DisputeOwnerAssigned', data: { disputeId: dispute.disputeId, owner: command.owner, at: command.now } }];
    }

    case 'FlagSlaAtRisk': {
      if (state.status !== 'Open' || state.atRiskFlagged || state.breachFlagged) return [];
      const at = atRiskAt(state.clock, state.sla);
      if (at === null || Date.parse(command.now) < Date.parse(at)) return [];
      const remaining = remainingAt(state.clock, command.now, state.sla);
      if (remaining <= 0) return [];
      return [
        {
          type: 'DisputeSlaAtRisk',
          data: {
            disputeId: state.disputeId,
            accountId: state.accountId,
            ownerId: state.owner.ownerId,
            escalatedTo: state.owner.managerId,
            at: command.now,
            remainingMinutes: Math.floor(remaining / 60_000),
            dueBy: dueAt(state.clock, state.sla) as string,
          },
        },
      ];
    }

    case 'FlagSlaBreached': {
      if (state.status !== 'Open' || state.breachFlagged) return [];
      const due = dueAt(state.clock, state.sla);
      if (due === null || Date.parse(command.now) < Date.parse(due)) return [];
      return [
        {
          type: 'DisputeSlaBreached',
          data: { disputeId: state.disputeId, accountId: state.accountId, ownerId: state.owner.ownerId, escalatedTo: state.owner.managerId, at: command.now, dueBy: due },
        },
      ];
    }

    case 'ResolveDispute': {
      const dispute = unresolved(state, 'resolve it again');
      const credit = command.creditAmountMinor;
      if (command.outcome === 'rejected' && credit !== undefined) return refuse('validation', 'disputes.credit_on_rejection', 'a rejected dispute credits nothing: leave creditAmountMinor out', 'creditAmountMinor');
      if (command.outcome === 'credit_note' && credit === undefined) return refuse('validation', 'disputes.credit_amount_required', 'a credit note needs creditAmountMinor', 'creditAmountMinor');
      if (credit !== undefined && (!Number.isInteger(credit) || credit < 1)) return refuse('validation', 'disputes.invalid_amount', 'creditAmountMinor must be a positive integer of minor units', 'creditAmountMinor');
      const corrected = command.correctedTotalMinor;
      if (command.outcome === 'corrected_invoice') {
        if (corrected === undefined) return refuse('validation', 'disputes.corrected_total_required', 'a corrected invoice needs correctedTotalMinor: what the corrected invoice says in total, tax included', 'correctedTotalMinor');
        if (credit !== undefined) {
          return refuse('validation', 'disputes.credit_with_corrected_invoice', 'a corrected invoice cancels the disputed invoice by a credit note of all it still bills: leave creditAmountMinor out', 'creditAmountMinor');
        }
        if (!Number.isSafeInteger(corrected) || corrected < 1) {
          return refuse('validation', 'disputes.invalid_amount', `correctedTotalMinor must be a positive integer of minor units (a corrected total of nothing is a credit note), got ${corrected}`, 'correctedTotalMinor');
        }
        if (command.currency !== undefined && command.currency !== dispute.currency) {
          return refuse('rule_violation', 'disputes.currency_mismatch', `the corrected invoice is in the disputed invoice's currency ${dispute.currency}, not ${command.currency}`, 'currency');
        }
      } else if (corrected !== undefined) {
        return refuse('validation', 'disputes.corrected_total_without_correction', `correctedTotalMinor goes with the corrected_invoice outcome only, not ${command.outcome}`, 'correctedTotalMinor');
      }
      if (credit !== undefined && credit > dispute.amountMinor) {
        throw new DomainException(
          domainError('rule_violation', 'disputes.credit_exceeds_disputed_amount', `creditAmountMinor ${credit} is more than the disputed amount ${dispute.amountMinor}`, {
            field: 'creditAmountMinor',
            details: { amountMinor: dispute.amountMinor },
          }),
        );
      }
      const used = usedAt(dispute.clock, command.now, dispute.sla);
      return [
        {
          type: 'DisputeResolved',
          data: {
            disputeId: dispute.disputeId,
            accountId: dispute.accountId,
            invoiceId: dispute.invoiceId,
            resolution: dispute.resolutions + 1,
            outcome: command.outcome,
            ...(credit !== undefined ? { creditAmountMinor: credit } : {}),
            ...(corrected !== undefined ? { correctedTotalMinor: corrected } : {}),
            currency: dispute.currency,
            rootCause: command.rootCause,
            resolvedBy: command.resolvedBy,
            resolvedAt: command.now,
            usedMs: used,
            withinSla: !dispute.breachFlagged && used <= targetMs(dispute.sla),
          },
        },
      ];
    }

    case 'ReopenDispute': {
      const dispute = existing(state);
      if (dispute.status !== 'Resolved') return refuse('conflict', 'disputes.dispute_not_resolved', `dispute "${dispute.disputeId}" is not resolved`, 'disputeId');
      const clock = resumeClock(dispute.clock, command.now);
      return [
        {
          type: 'DisputeReopened',
          data: {
            disputeId: dispute.disputeId,
            accountId: dispute.accountId,
            invoiceId: dispute.invoiceId,
            amountMinor: dispute.amountMinor,
            currency: dispute.currency,
            reason: command.reason,
            reopenedBy: command.reopenedBy,
            reopenedAt: command.now,
            usedMs: clock.usedMs,
            dueBy: dueAt(clock, dispute.sla) as string,
          },
        },
      ];
    }

    default: {
      const unknown: never = command;
      throw new Error(`unknown dispute command ${JSON.stringify(unknown)}`);
    }
  }
}
