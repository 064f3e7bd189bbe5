import type { ProjectionDefinition } from '@o2c/kernel';
import type { RecordedEvent } from '@o2c/event-store';
import { ACCOUNT_STREAM_PREFIX, type Exposure } from '../../account/account.events';
import { accountEventOf } from '../../account/upcasters';

/** One row per account: what a credit manager scans (name, kind, segment, limit, exposure, risk class, held orders). */
export interface AccountSummaryRow {
  accountId: string;
  legalName: string;
  kind: string;
  segment: string;
  currency: string;
  /** bigint columns come back from PostgreSQL as decimal strings. */
  creditLimitMinor: string;
  receivablesMinor: string;
  uninvoicedOrdersMinor: string;
  exposureMinor: string;
  riskClass: string;
  heldOrderIds: string[];
  heldCount: number;
  openedAt: string;
  updatedAt: string;
}

const withExposure = (row: AccountSummaryRow, e: Exposure): AccountSummaryRow => ({
  ...row,
  receivablesMinor: String(e.receivablesMinor),
  uninvoicedOrdersMinor: String(e.uninvoicedOrdersMinor),
  exposureMinor: String(e.receivablesMinor + e.uninvoicedOrdersMinor),
});

const withHeld = (row: AccountSummaryRow, heldOrderIds: string[]): AccountSummaryRow => ({ ...row, heldOrderIds, heldCount: heldOrderIds.length });
const leaving = (row: AccountSummaryRow, orderId: string): AccountSummaryRow => withHeld(row, row.heldOrderIds.filter((id) => id !== orderId));

/** Pure: the summary row after one account event. */
export function evolveAccountSummary(current: AccountSummaryRow | undefined, recorded: RecordedEvent): AccountSummaryRow | undefined {
  const event = accountEventOf(recorded);
  if (event.type === 'AccountOpened') {
    const d = event.data;
    return {
      accountId: d.accountId,
      legalName: d.legalName,
      kind: d.kind,
      segment: d.segment,
      currency: d.currency,
      creditLimitMinor: String(d.creditLimitMinor),
      receivablesMinor: '0',
      uninvoicedOrdersMinor: '0',
      exposureMinor: '0',
      riskClass: 'low',
      heldOrderIds: [],
      heldCount: 0,
      openedAt: d.openedAt,
      updatedAt: recorded.metadata.occurredAt,
    };
  }
  if (!current) return undefined;
  const row = { ...current, updatedAt: recorded.metadata.occurredAt };
  switch (event.type) {
    case 'AccountSegmentChanged':
      return { ...row, segment: event.data.segment };
    case 'CreditLimitChanged':
      return { ...row, creditLimitMinor: String(event.data.creditLimitMinor) };
    case 'RiskClassChanged':
      return { ...row, riskClass: event.data.riskClass };
    case 'OrderCreditHeld':
      return row.heldOrderIds.includes(event.data.orderId) ? row : withHeld(row, [...row.heldOrderIds, event.data.orderId]);
    case 'OrderCreditReleased':
    case 'OrderCreditRejected':
    case 'OrderCancelled':
    case 'ReceivableOpened':
      return withExposure(leaving(row, event.data.orderId), event.data.exposureAfter);
    case 'ReceivableChanged':
      return withExposure(row, event.data.exposureAfter);
    default:
      return undefined;
  }
}

const bigint = (name: string) => ({ type: 'bigint' as const, name });

export const accountsSummaryProjection: ProjectionDefinition<AccountSummaryRow> = {
  name: 'accounts.accounts_summary',
  version: 1,
  table: 'accounts_summary',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    legalName: { type: 'varchar', name: 'legal_name' },
    kind: { type: 'varchar' },
    segment: { type: 'varchar' },
    currency: { type: 'varchar', length: 3 },
    creditLimitMinor: bigint('credit_limit_minor'),
    receivablesMinor: bigint('receivables_minor'),
    uninvoicedOrdersMinor: bigint('uninvoiced_orders_minor'),
    exposureMinor: bigint('exposure_minor'),
    riskClass: { type: 'varchar', name: 'risk_class' },
    heldOrderIds: { type: 'jsonb', name: 'held_order_ids' },
    heldCount: { type: 'int', name: 'held_count' },
    openedAt: { type: 'varchar', name: 'opened_at' },
    updatedAt: { type: 'varchar', name: 'updated_at' },
  },
  indices: [
    { name: 'by_segment', columns: ['segment'] },
    { name: 'by_risk_class', columns: ['riskClass'] },
  ],
  filter: { streamNamePrefixes: [ACCOUNT_STREAM_PREFIX] },
  keysOf: (event) => [(event.data as { accountId: string }).accountId],
  evolve: (row, event) => evolveAccountSummary(row, event),
};
