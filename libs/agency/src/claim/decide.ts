import { DomainException, domainError, type ErrorKind } from '@o2c/kernel';
import type { ClaimCommand } from './commands';
import type { ClaimEvent } from './events';
import { stillClaimedOn, type ClaimState } from './state';

const refuse = (kind: ErrorKind, code: string, message: string, field?: string): never => {
  throw new DomainException(domainError(kind, code, message, field ? { field } : {}));
};

/** Commission in minor units: amount x rate / 10,000, rounded half up (BigInt in between: no float ever touches money). */
export const commissionOf = (amountMinor: number, rateBp: number): number => Number((BigInt(amountMinor) * BigInt(rateBp) + 5_000n) / 10_000n);

type Placed = Exclude<ClaimState, { status: 'Empty' }>;

function placed(state: ClaimState, claimId: string): Placed {
  if (state.status === 'Empty') return refuse('not_found', 'agency.claim_unknown', `claim "${claimId}" does not exist`, 'claimId');
  return state;
}

function active(state: ClaimState, claimId: string): Extract<ClaimState, { status: 'Active' }> {
  const claim = placed(state, claimId);
  if (claim.status === 'Closed') return refuse('conflict', 'agency.claim_closed', `claim "${claimId}" is closed (${claim.outcome})`, 'claimId');
  return claim;
}

export function decide(command: ClaimCommand, state: ClaimState): ClaimEvent[] {
  switch (command.type) {
    case 'PlaceClaim':
      // One placement per claim id: a repeat (a re-run evaluation, a redelivery) adds nothing.
      return state.status === 'Empty' ? [{ type: 'ClaimPlaced', data: command.claim }] : [];
    case 'RecordFileSent': {
      const claim = placed(state, command.claimId);
      return claim.fileSent ? [] : [{ type: 'ClaimFileSent', data: { claimId: command.claimId, via: command.via, reference: command.reference } }];
    }
    case 'ReportStatus': {
      const claim = active(state, command.claimId);
      const p = claim.placed;
      const events: ClaimEvent[] = [
        { type: 'ClaimStatusReported', data: { claimId: p.claimId, accountId: p.accountId, agencyId: p.agencyId, status: command.status, ...(command.note ? { note: command.note } : {}), at: command.at } },
      ];
      if (command.status === 'recovered' || command.status === 'uncollectable') {
        events.push({ type: 'ClaimClosed', data: { claimId: p.claimId, accountId: p.accountId, agencyId: p.agencyId, outcome: command.status } });
      }
      return events;
    }
    case 'ReportRecovery': {
      const claim = placed(state, command.claimId);
      const known = claim.recoveries.get(command.recoveryId);
      if (known) {
        if (known.invoiceId === command.invoiceId && known.amountMinor === command.amountMinor) return [];
        return refuse('conflict', 'agency.recovery_id_taken', `recovery "${command.recoveryId}" was reported with another invoice or amount`, 'recoveryId');
      }
      const open = active(state, command.claimId);
      const p = open.placed;
      if (!p.invoices.some((i) => i.invoiceId === command.invoiceId)) {
        return refuse('rule_violation', 'agency.invoice_not_claimed', `invoice "${command.invoiceId}" is not part of claim "${p.claimId}"`, 'invoiceId');
      }
      if (!Number.isSafeInteger(command.amountMinor) || command.amountMinor <= 0) return refuse('validation', 'agency.amount_invalid', 'amountMinor must be a positive whole number of minor units', 'amountMinor');
      const left = stillClaimedOn(open, command.invoiceId);
      if (command.amountMinor > left) {
        return refuse('rule_violation', 'agency.recovery_exceeds_claim', `at most ${left} is still claimed on invoice "${command.invoiceId}"`, 'amountMinor');
      }
      return [
        {
          type: 'AgencyRecoveryReported',
          data: {
            claimId: p.claimId,
            accountId: p.accountId,
            agencyId: p.agencyId,
            recoveryId: command.recoveryId,
            invoiceId: command.invoiceId,
            amountMinor: command.amountMinor,
            commissionMinor: commissionOf(command.amountMinor, p.commissionRateBp),
            currency: p.currency,
            recoveredOn: command.recoveredOn,
          },
        },
      ];
    }
    case 'Recall': {
      const claim = placed(state, command.claimId);
      if (claim.status === 'Closed') {
        if (claim.outcome === 'recalled') return [];
        return refuse('conflict', 'agency.claim_closed', `claim "${command.claimId}" is closed (${claim.outcome})`, 'claimId');
      }
      const p = claim.placed;
      return [
        { type: 'ClaimRecalled', data: { claimId: p.claimId, accountId: p.accountId, agencyId: p.agencyId, reason: command.reason, recalledBy: command.recalledBy, recalledOn: command.on } },
        { type: 'ClaimClosed', data: { claimId: p.claimId, accountId: p.accountId, agencyId: p.agencyId, outcome: 'recalled' } },
      ];
    }
    case 'RecordRecallSent': {
      const claim = placed(state, command.claimId);
      if (claim.status !== 'Closed' || claim.outcome !== 'recalled' || claim.recallSent) return [];
      return [{ type: 'ClaimRecallSent', data: { claimId: command.claimId, via: command.via, reference: command.reference } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown claim command ${JSON.stringify(unknown)}`);
    }
  }
}
