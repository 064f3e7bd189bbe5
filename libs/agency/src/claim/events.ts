import type { ClaimStatusReportedV1 } from '@o2c/contracts';
import type { DomainEvent } from '@o2c/kernel';
import type { RecallReason } from '../debtor-file/events';

export type AgencyStatus = ClaimStatusReportedV1['status'];
export const AGENCY_STATUSES: readonly AgencyStatus[] = ['acknowledged', 'in_contact', 'promise', 'partial_recovery', 'recovered', 'uncollectable', 'legal_action'];
export type ClaimOutcome = 'recovered' | 'uncollectable' | 'recalled';

export interface ClaimedInvoice {
  readonly invoiceId: string;
  readonly dueOn: string;
  readonly openAmountMinor: number;
}

/** A claim with an agency (stream `claim-<claimId>`): placed, sent, reported on by the agency, recalled or closed. */
export type ClaimEvent =
  | DomainEvent<
      'ClaimPlaced',
      {
        claimId: string;
        accountId: string;
        agencyId: string;
        ruleId: string;
        reason: string;
        invoices: readonly ClaimedInvoice[];
        totalMinor: number;
        currency: string;
        commissionRateBp: number;
        placedOn: string;
        placedBy: string;
      }
    >
  /** The claim file reached the agency (the adapter's reference: the file's path or the HTTP answer). */
  | DomainEvent<'ClaimFileSent', { claimId: string; via: 'file_drop' | 'http'; reference: string }>
  | DomainEvent<'ClaimStatusReported', { claimId: string; accountId: string; agencyId: string; status: AgencyStatus; note?: string; at: string }>
  | DomainEvent<
      'AgencyRecoveryReported',
      { claimId: string; accountId: string; agencyId: string; recoveryId: string; invoiceId: string; amountMinor: number; commissionMinor: number; currency: string; recoveredOn: string }
    >
  | DomainEvent<'ClaimRecalled', { claimId: string; accountId: string; agencyId: string; reason: RecallReason; recalledBy: string; recalledOn: string }>
  | DomainEvent<'ClaimRecallSent', { claimId: string; via: 'file_drop' | 'http'; reference: string }>
  | DomainEvent<'ClaimClosed', { claimId: string; accountId: string; agencyId: string; outcome: ClaimOutcome }>;

export type ClaimEventOf<T extends ClaimEvent['type']> = Extract<ClaimEvent, { type: T }>;

export const CLAIM_CATEGORY = 'claim';
export const claimStream = (claimId: string): string => `${CLAIM_CATEGORY}-${claimId}`;
