import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { DEBTOR_FILE_CATEGORY, type DebtorFileEvent } from '../../debtor-file/events';

/** One row per debtor file: which accounts the daily evaluation reads (something open, or a claim out). */
export interface DebtorFileRow {
  accountId: string;
  /** Open amount per invoice (minor units). */
  openInvoices: Record<string, number>;
  openMinor: string;
  activeClaimId: string | null;
}

const OPEN_AMOUNT_FACTS = new Set(['InvoiceIssued', 'PaymentApplied', 'PaymentReversed', 'CreditNoteIssued', 'InvoiceWrittenOff']);

export function evolveDebtorFileRow(row: DebtorFileRow | undefined, recorded: RecordedEvent): DebtorFileRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as DebtorFileEvent;
  const current: DebtorFileRow = row ?? { accountId: event.data.accountId, openInvoices: {}, openMinor: '0', activeClaimId: null };
  switch (event.type) {
    case 'FactNoted': {
      if (!OPEN_AMOUNT_FACTS.has(event.data.type)) return row ? undefined : current;
      const d = event.data.data as { invoiceId: string; openAmountMinor: number };
      if (event.data.type !== 'InvoiceIssued' && !(d.invoiceId in current.openInvoices)) return row ? undefined : current;
      if (event.data.type === 'InvoiceIssued' && d.invoiceId in current.openInvoices) return undefined;
      const openInvoices = { ...current.openInvoices, [d.invoiceId]: d.openAmountMinor };
      return { ...current, openInvoices, openMinor: String(Object.values(openInvoices).reduce((sum, v) => sum + v, 0)) };
    }
    case 'ClaimPlacementDecided':
      return { ...current, activeClaimId: event.data.claimId };
    case 'ClaimEnded':
      return current.activeClaimId === event.data.claimId ? { ...current, activeClaimId: null } : undefined;
    case 'ClaimRecallRequested':
      return undefined;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const debtorFilesProjection: ProjectionDefinition<DebtorFileRow> = {
  name: 'agency.debtor_files',
  version: 1,
  table: 'agency_debtor_files',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    openInvoices: { type: 'jsonb', name: 'open_invoices' },
    openMinor: { type: 'bigint', name: 'open_minor' },
    activeClaimId: { type: 'varchar', name: 'active_claim_id', nullable: true },
  },
  filter: { streamNamePrefixes: [`${DEBTOR_FILE_CATEGORY}-`] },
  keysOf: (event) => [(event.data as { accountId: string }).accountId],
  evolve: (row, event) => evolveDebtorFileRow(row, event),
};
