import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { LEDGER_CATEGORY, type InvoiceLine, type LedgerEvent } from '../../ledger/events';

export type InvoiceStatus = 'open' | 'paid' | 'credited' | 'written_off';

/** One row per invoice: what open items, aging and DSO are read from. Money columns are bigint (strings through TypeORM). */
export interface InvoiceRow {
  invoiceId: string;
  accountId: string;
  orderId: string;
  currency: string;
  lines: InvoiceLine[];
  totalMinor: string;
  openAmountMinor: string;
  issuedOn: string;
  dueOn: string;
  status: InvoiceStatus;
  paidOn: string | null;
}

const withInvoiceId = new Set<LedgerEvent['type']>(['InvoiceIssued', 'PaymentApplied', 'InvoicePaid', 'PaymentApplicationReversed', 'CreditNoteIssued', 'InvoiceWrittenOff']);

/** A closed invoice's status says what closed it last. */
const statusAfter = (openAmountMinor: number, closedBy: InvoiceStatus): InvoiceStatus => (openAmountMinor > 0 ? 'open' : closedBy);

export function evolveInvoiceRow(row: InvoiceRow | undefined, recorded: RecordedEvent): InvoiceRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
  if (event.type === 'InvoiceIssued') {
    const d = event.data;
    return {
      invoiceId: d.invoiceId,
      accountId: d.accountId,
      orderId: d.orderId,
      currency: d.currency,
      lines: [...d.lines],
      totalMinor: String(d.totalMinor),
      openAmountMinor: String(d.totalMinor),
      issuedOn: d.issuedOn,
      dueOn: d.dueOn,
      status: statusAfter(d.totalMinor, 'paid'),
      paidOn: null,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'PaymentApplied':
      return { ...row, openAmountMinor: String(event.data.openAmountMinor), status: statusAfter(event.data.openAmountMinor, 'paid') };
    case 'InvoicePaid':
      return { ...row, paidOn: event.data.paidOn };
    case 'PaymentApplicationReversed':
      return { ...row, openAmountMinor: String(event.data.openAmountMinor), status: statusAfter(event.data.openAmountMinor, 'paid'), paidOn: event.data.openAmountMinor > 0 ? null : row.paidOn };
    case 'CreditNoteIssued':
      return { ...row, openAmountMinor: String(event.data.openAmountMinor), status: statusAfter(event.data.openAmountMinor, 'credited') };
    case 'InvoiceWrittenOff':
      return { ...row, openAmountMinor: String(event.data.openAmountMinor), status: statusAfter(event.data.openAmountMinor, 'written_off') };
    case 'PaymentsCarriedOver': {
      // One event, two rows: what leaves the replaced invoice, what pays the corrected one.
      const d = event.data;
      const delta = row.invoiceId === d.fromInvoiceId ? d.carried.reduce((s, c) => s + c.amountMinor, 0) : row.invoiceId === d.toInvoiceId ? -d.carried.reduce((s, c) => s + c.appliedMinor, 0) : 0;
      if (delta === 0) return undefined;
      const open = Number(row.openAmountMinor) + delta;
      return { ...row, openAmountMinor: String(open), status: statusAfter(open, 'paid') };
    }
    default:
      return undefined;
  }
}

export const invoicesProjection: ProjectionDefinition<InvoiceRow> = {
  name: 'invoicing.invoices',
  version: 1,
  table: 'invoicing_invoices',
  columns: {
    invoiceId: { type: 'varchar', name: 'invoice_id' },
    accountId: { type: 'varchar', name: 'account_id' },
    orderId: { type: 'varchar', name: 'order_id' },
    currency: { type: 'varchar', length: 3 },
    lines: { type: 'jsonb' },
    totalMinor: { type: 'bigint', name: 'total_minor' },
    openAmountMinor: { type: 'bigint', name: 'open_amount_minor' },
    issuedOn: { type: 'date', name: 'issued_on' },
    dueOn: { type: 'date', name: 'due_on' },
    status: { type: 'varchar' },
    paidOn: { type: 'date', name: 'paid_on', nullable: true },
  },
  indices: [
    { name: 'by_account', columns: ['accountId', 'dueOn'] },
    { name: 'by_issued', columns: ['issuedOn'] },
  ],
  filter: { streamNamePrefixes: [`${LEDGER_CATEGORY}-`] },
  keysOf: (event) => {
    if (event.type === 'PaymentsCarriedOver') {
      const d = event.data as { fromInvoiceId: string; toInvoiceId: string };
      return [d.fromInvoiceId, d.toInvoiceId];
    }
    return withInvoiceId.has(event.type as LedgerEvent['type']) ? [(event.data as { invoiceId: string }).invoiceId] : [];
  },
  evolve: (row, event) => evolveInvoiceRow(row, event),
};
