import type { RecallReason } from '../debtor-file/events';
import type { ClaimEventOf, ClaimOutcome } from './events';

export interface Recovery {
  readonly recoveryId: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
}

interface ClaimFacts {
  readonly placed: ClaimEventOf<'ClaimPlaced'>['data'];
  readonly fileSent: boolean;
  readonly recoveries: ReadonlyMap<string, Recovery>;
  readonly recoveredMinor: number;
  readonly recall?: { readonly reason: RecallReason; readonly on: string };
}

export type ClaimState =
  | { readonly status: 'Empty' }
  | (ClaimFacts & { readonly status: 'Active' })
  | (ClaimFacts & { readonly status: 'Closed'; readonly outcome: ClaimOutcome; readonly recallSent: boolean });

export const initialClaim = (): ClaimState => ({ status: 'Empty' });

/** What the agency may still recover on an invoice of the claim. */
export const stillClaimedOn = (state: ClaimFacts, invoiceId: string): number => {
  const placed = state.placed.invoices.find((i) => i.invoiceId === invoiceId)?.openAmountMinor ?? 0;
  const recovered = [...state.recoveries.values()].filter((r) => r.invoiceId === invoiceId).reduce((sum, r) => sum + r.amountMinor, 0);
  return placed - recovered;
};
