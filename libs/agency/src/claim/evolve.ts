import type { ClaimEvent } from './events';
import type { ClaimState } from './state';

export function evolve(state: ClaimState, event: ClaimEvent): ClaimState {
  switch (event.type) {
    case 'ClaimPlaced':
      return { status: 'Active', placed: event.data, fileSent: false, recoveries: new Map(), recoveredMinor: 0 };
    case 'ClaimFileSent':
      return state.status === 'Empty' ? state : { ...state, fileSent: true };
    case 'ClaimStatusReported':
      return state;
    case 'AgencyRecoveryReported': {
      if (state.status === 'Empty') return state;
      const d = event.data;
      return {
        ...state,
        recoveries: new Map(state.recoveries).set(d.recoveryId, { recoveryId: d.recoveryId, invoiceId: d.invoiceId, amountMinor: d.amountMinor }),
        recoveredMinor: state.recoveredMinor + d.amountMinor,
      };
    }
    case 'ClaimRecalled':
      return state.status === 'Empty' ? state : { ...state, recall: { reason: event.data.reason, on: event.data.recalledOn } };
    case 'ClaimRecallSent':
      return state.status === 'Closed' ? { ...state, recallSent: true } : state;
    case 'ClaimClosed':
      return state.status === 'Empty' ? state : { ...state, status: 'Closed', outcome: event.data.outcome, recallSent: false };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
