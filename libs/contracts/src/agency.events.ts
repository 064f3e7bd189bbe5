/** What the agency context publishes (topic `o2c.agency.events`, key: the account id). */
export interface ClaimPlacedV1 {
  readonly claimId: string;
  readonly accountId: string;
  readonly agencyId: string;
  readonly invoices: readonly { readonly invoiceId: string; readonly openAmountMinor: number }[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly rule: string;
  readonly placedAt: string;
}

/** What an agency collected on an invoice; invoicing books it as a payment and the commission as a cost. */
export interface AgencyRecoveryReportedV1 {
  readonly claimId: string;
  readonly accountId: string;
  readonly agencyId: string;
  readonly recoveryId: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly commissionMinor: number;
  readonly currency: string;
  readonly recoveredOn: string;
}

export interface ClaimStatusReportedV1 {
  readonly claimId: string;
  readonly accountId: string;
  readonly agencyId: string;
  readonly status: 'acknowledged' | 'in_contact' | 'promise' | 'partial_recovery' | 'recovered' | 'uncollectable' | 'legal_action';
  readonly note?: string;
  readonly at: string;
}

export interface ClaimRecalledV1 {
  readonly claimId: string;
  readonly accountId: string;
  readonly agencyId: string;
  readonly reason: 'paid_directly' | 'dispute_opened' | 'manual';
  readonly recalledBy: string;
}

export interface ClaimClosedV1 {
  readonly claimId: string;
  readonly accountId: string;
  readonly agencyId: string;
  readonly outcome: 'recovered' | 'uncollectable' | 'recalled';
}

export interface AgencyPublishedEvents {
  ClaimPlaced: ClaimPlacedV1;
  AgencyRecoveryReported: AgencyRecoveryReportedV1;
  ClaimStatusReported: ClaimStatusReportedV1;
  ClaimRecalled: ClaimRecalledV1;
  ClaimClosed: ClaimClosedV1;
}
