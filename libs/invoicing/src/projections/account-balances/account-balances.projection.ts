import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import { accountIdOfStream, LEDGER_CATEGORY, type LedgerEvent } from '../../ledger/events';

/** One row per account: receivables (the sum of open amounts) and unapplied cash, each the sum of the ledger's events. */
export interface AccountBalanceRow {
  accountId: string;
  currency: string;
  receivableMinor: string;
  unappliedCashMinor: string;
}

const plus = (a: string, b: number): string => (BigInt(a) + BigInt(b)).toString();

export function evolveAccountBalance(row: AccountBalanceRow | undefined, recorded: RecordedEvent): AccountBalanceRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
  if (event.type === 'AccountTermsLearned') {
    return row ? undefined : { accountId: event.data.accountId, currency: event.data.currency, receivableMinor: '0', unappliedCashMinor: '0' };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'InvoiceIssued':
      return { ...row, receivableMinor: plus(row.receivableMinor, event.data.totalMinor) };
    case 'PaymentReceived':
      return { ...row, unappliedCashMinor: plus(row.unappliedCashMinor, event.data.amountMinor) };
    case 'PaymentApplied':
      return { ...row, receivableMinor: plus(row.receivableMinor, -event.data.amountMinor), unappliedCashMinor: plus(row.unappliedCashMinor, -event.data.amountMinor) };
    case 'PaymentReversed':
      return { ...row, unappliedCashMinor: plus(row.unappliedCashMinor, -event.data.unappliedRemovedMinor) };
    case 'PaymentApplicationReversed':
      return { ...row, receivableMinor: plus(row.receivableMinor, event.data.amountMinor) };
    case 'PaymentsCarriedOver': {
      // What the corrected invoice could not take is unapplied cash again (and owed on the replaced invoice until its credit note).
      const freed = event.data.carried.reduce((s, c) => s + c.amountMinor - c.appliedMinor, 0);
      return freed === 0 ? undefined : { ...row, receivableMinor: plus(row.receivableMinor, freed), unappliedCashMinor: plus(row.unappliedCashMinor, freed) };
    }
    case 'CreditNoteIssued':
    case 'InvoiceWrittenOff':
      return { ...row, receivableMinor: plus(row.receivableMinor, -event.data.amountMinor) };
    default:
      return undefined;
  }
}

export const accountBalancesProjection: ProjectionDefinition<AccountBalanceRow> = {
  name: 'invoicing.account_balances',
  version: 1,
  table: 'invoicing_account_balances',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    currency: { type: 'varchar', length: 3 },
    receivableMinor: { type: 'bigint', name: 'receivable_minor' },
    unappliedCashMinor: { type: 'bigint', name: 'unapplied_cash_minor' },
  },
  filter: { streamNamePrefixes: [`${LEDGER_CATEGORY}-`] },
  keysOf: (event) => [accountIdOfStream(event.streamName)],
  evolve: (row, event) => evolveAccountBalance(row, event),
};
