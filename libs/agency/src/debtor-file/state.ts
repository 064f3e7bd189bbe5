import type { AccountKind, ContactV1, Segment } from '@o2c/contracts';
import type { RecallReason } from './events';
import { emptyMap, type PersistentMap } from '@o2c/kernel';

export interface AccountOnFile {
  readonly legalName: string;
  readonly kind: AccountKind;
  readonly segment: Segment;
  readonly region?: string;
  readonly country?: string;
  readonly siren?: string;
  readonly currency: string;
  readonly contacts: readonly ContactV1[];
}

export interface InvoiceOnFile {
  readonly invoiceId: string;
  readonly issuedOn: string;
  readonly dueOn: string;
  readonly totalMinor: number;
  readonly openAmountMinor: number;
  readonly currency: string;
}

export interface DisputeOnFile {
  readonly disputeId: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly cause: string;
  readonly openedAt: string;
  readonly status: 'open' | 'resolved';
  readonly outcome?: string;
  readonly creditAmountMinor?: number;
  readonly resolvedAt?: string;
}

/** One line of the dunning and contact history (the claim file's `history`). */
export interface HistoryEntry {
  readonly at: string;
  readonly type: string;
  readonly summary: string;
  readonly data: Record<string, unknown>;
}

export interface ClaimOnFile {
  readonly claimId: string;
  readonly agencyId: string;
  readonly ruleId: string;
  readonly reason: string;
  readonly invoiceIds: readonly string[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly placedOn: string;
  readonly status: 'active' | 'recall_requested' | 'ended';
  readonly recallReason?: RecallReason;
}

export interface OpenDebtorFile {
  readonly status: 'Open';
  readonly accountId: string;
  readonly account?: AccountOnFile;
  /** By invoice id (a persistent map: one fact copies a bucket, not every invoice). */
  readonly invoices: PersistentMap<InvoiceOnFile>;
  readonly formalNoticeSentOn?: string;
  readonly ladderExhaustedOn?: string;
  readonly history: readonly HistoryEntry[];
  readonly disputes: ReadonlyMap<string, DisputeOnFile>;
  readonly activePlans: ReadonlySet<string>;
  readonly legalHolds: ReadonlySet<string>;
  readonly claims: ReadonlyMap<string, ClaimOnFile>;
  readonly placements: number;
}

export type DebtorFileState = { readonly status: 'Empty' } | OpenDebtorFile;

export const initialDebtorFile = (): DebtorFileState => ({ status: 'Empty' });

export const emptyFile = (accountId: string): OpenDebtorFile => ({
  status: 'Open',
  accountId,
  invoices: emptyMap(),
  history: [],
  disputes: new Map(),
  activePlans: new Set(),
  legalHolds: new Set(),
  claims: new Map(),
  placements: 0,
});

export const activeClaimOf = (file: OpenDebtorFile): ClaimOnFile | undefined => [...file.claims.values()].find((c) => c.status !== 'ended');
export const openDisputes = (file: OpenDebtorFile): DisputeOnFile[] => [...file.disputes.values()].filter((d) => d.status === 'open');
