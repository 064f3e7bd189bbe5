/** What the disputes context publishes (topic `o2c.disputes.events`, key: the account id). */
export const DISPUTE_CAUSES = ['invoice_error', 'delivery_problem', 'goods_not_conforming', 'price', 'duplicate_billing', 'other'] as const;
export type DisputeCause = (typeof DISPUTE_CAUSES)[number];
/** Where a dispute was raised: by the customer through the API, or by a collector from a worklist row. */
export const DISPUTE_ORIGINS = ['customer', 'worklist'] as const;
export type DisputeOrigin = (typeof DISPUTE_ORIGINS)[number];

export interface DisputeOpenedV1 {
  readonly disputeId: string;
  readonly accountId: string;
  readonly invoiceId: string;
  /** The disputed part of the invoice: collections holds this amount only. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly cause: DisputeCause;
  readonly ownerId: string;
  readonly openedBy: string;
  /** Optional (added by disputes): raised by the customer through the API, or by a collector from the worklist; absent on disputes opened before it existed. */
  readonly origin?: DisputeOrigin;
  readonly openedAt: string;
  /** When the SLA runs out if the clock never pauses. */
  readonly dueBy: string;
}

export interface DisputeResolvedV1 {
  readonly disputeId: string;
  readonly accountId: string;
  readonly invoiceId: string;
  readonly outcome: 'credit_note' | 'corrected_invoice' | 'rejected';
  /** credit_note: what the customer no longer owes (invoicing issues the credit note). Before correctedTotalMinor existed, a corrected_invoice could carry one too. */
  readonly creditAmountMinor?: number;
  /** Optional (added by disputes): corrected_invoice, what the corrected invoice says in total (tax included, integer minor units of `currency`); invoicing cancels the disputed invoice by a credit note and issues `<invoiceId>-C<resolution>`. */
  readonly correctedTotalMinor?: number;
  readonly currency: string;
  readonly rootCause?: string;
  readonly resolvedAt: string;
  readonly withinSla: boolean;
  /** Optional (added by disputes): 1 for the first resolution, n after n-1 reopenings; invoicing's credit note id is `CN-<disputeId>-<resolution>`. */
  readonly resolution?: number;
}

export interface DisputeReopenedV1 {
  readonly disputeId: string;
  readonly accountId: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly reopenedAt: string;
}

export interface DisputeSlaAtRiskV1 {
  readonly disputeId: string;
  readonly accountId: string;
  readonly ownerId: string;
  readonly remainingMinutes: number;
  /** Optional (added by disputes): the owner's manager, told in advance. */
  readonly escalatedTo?: string;
  /** Optional (added by disputes): when the SLA runs out if the clock keeps running. */
  readonly dueBy?: string;
}

export interface DisputeSlaBreachedV1 {
  readonly disputeId: string;
  readonly accountId: string;
  readonly ownerId: string;
  readonly escalatedTo?: string;
  /** Optional (added by disputes): the instant the 72 hours ran out. */
  readonly breachedAt?: string;
}

export interface DisputesPublishedEvents {
  DisputeOpened: DisputeOpenedV1;
  DisputeResolved: DisputeResolvedV1;
  DisputeReopened: DisputeReopenedV1;
  DisputeSlaAtRisk: DisputeSlaAtRiskV1;
  DisputeSlaBreached: DisputeSlaBreachedV1;
}
