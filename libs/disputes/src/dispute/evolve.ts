import { resumeClock, startedClock } from '../sla/sla-clock';
import type { DisputeEvent } from './events';
import type { DisputeFacts, DisputeState } from './state';

const facts = (state: DisputeState): DisputeFacts => {
  if (state.status === 'Empty') throw new Error('dispute event on an empty stream');
  const { status: _status, ...rest } = state as DisputeState & { since?: string; outcome?: string; rootCause?: string; resolvedAt?: string; creditAmountMinor?: number; correctedTotalMinor?: number };
  const { since: _since, outcome: _outcome, rootCause: _rootCause, resolvedAt: _resolvedAt, creditAmountMinor: _credit, correctedTotalMinor: _corrected, ...base } = rest;
  return base as DisputeFacts;
};

export function evolve(state: DisputeState, event: DisputeEvent): DisputeState {
  switch (event.type) {
    case 'DisputeOpened': {
      const d = event.data;
      return {
        status: 'Open',
        disputeId: d.disputeId,
        accountId: d.accountId,
        invoiceId: d.invoiceId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        cause: d.cause,
        owner: d.owner,
        openedBy: d.openedBy,
        origin: d.origin ?? null,
        openedAt: d.openedAt,
        sla: d.sla,
        clock: startedClock(d.openedAt),
        atRiskFlagged: false,
        breachFlagged: false,
        resolutions: 0,
      };
    }
    case 'DisputeAwaitingCustomer': {
      const f = facts(state);
      return { ...f, status: 'AwaitingCustomer', since: event.data.at, clock: { usedMs: event.data.usedMs, runningSince: null } };
    }
    case 'DisputeCustomerAnswered': {
      const f = facts(state);
      return { ...f, status: 'Open', clock: resumeClock({ usedMs: event.data.usedMs, runningSince: null }, event.data.at) };
    }
    case 'DisputeOwnerAssigned':
      return state.status === 'Empty' ? state : { ...state, owner: event.data.owner };
    case 'DisputeSlaAtRisk':
      return state.status === 'Empty' ? state : { ...state, atRiskFlagged: true };
    case 'DisputeSlaBreached':
      return state.status === 'Empty' ? state : { ...state, breachFlagged: true };
    case 'DisputeResolved': {
      const f = facts(state);
      const d = event.data;
      return {
        ...f,
        status: 'Resolved',
        outcome: d.outcome,
        rootCause: d.rootCause,
        resolvedAt: d.resolvedAt,
        ...(d.creditAmountMinor !== undefined ? { creditAmountMinor: d.creditAmountMinor } : {}),
        ...(d.correctedTotalMinor !== undefined ? { correctedTotalMinor: d.correctedTotalMinor } : {}),
        resolutions: d.resolution,
        clock: { usedMs: d.usedMs, runningSince: null },
      };
    }
    case 'DisputeReopened': {
      const f = facts(state);
      return { ...f, status: 'Open', clock: { usedMs: event.data.usedMs, runningSince: event.data.reopenedAt } };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
