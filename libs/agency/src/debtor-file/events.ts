import type { BoundedContext } from '@o2c/contracts';
import type { DomainEvent } from '@o2c/kernel';

/**
 * What the agency context knows of one account (stream `debtorFile-<accountId>`):
 * the upstream facts it consumed (accounts', invoicing's, collections' and
 * disputes' published events, noted as they came: the claim file's history is
 * read from them), and its own placement decisions. The placement decision
 * lives here, beside the facts it reads, so two evaluations racing on one
 * account cannot both place it (the append carries the revision it read).
 */
export type RecallReason = 'paid_directly' | 'dispute_opened' | 'manual';

export type DebtorFileEvent =
  | DomainEvent<'FactNoted', { accountId: string; source: BoundedContext; type: string; data: Record<string, unknown>; messageId: string; occurredAt: string }>
  | DomainEvent<
      'ClaimPlacementDecided',
      { accountId: string; claimId: string; agencyId: string; ruleId: string; reason: string; invoiceIds: readonly string[]; totalMinor: number; currency: string; placedOn: string }
    >
  /** A fact makes an active claim pointless (the customer paid us, a dispute appeared): the claim is to be recalled. */
  | DomainEvent<'ClaimRecallRequested', { accountId: string; claimId: string; reason: RecallReason }>
  | DomainEvent<'ClaimEnded', { accountId: string; claimId: string; outcome: 'recovered' | 'uncollectable' | 'recalled' }>;

export type DebtorFileEventOf<T extends DebtorFileEvent['type']> = Extract<DebtorFileEvent, { type: T }>;

export const DEBTOR_FILE_CATEGORY = 'debtorFile';
export const debtorFileStream = (accountId: string): string => `${DEBTOR_FILE_CATEGORY}-${accountId}`;
/** Deterministic: the n-th placement of an account. */
export const claimIdOf = (accountId: string, placement: number): string => `${accountId}-${placement}`;
