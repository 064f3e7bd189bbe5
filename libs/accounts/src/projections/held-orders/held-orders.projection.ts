import type { ProjectionDefinition } from '@o2c/kernel';
import type { RecordedEvent } from '@o2c/event-store';
import { ACCOUNT_STREAM_PREFIX } from '../../account/account.events';
import { accountEventOf } from '../../account/upcasters';

/** The credit managers' queue: one row per held order, gone once approved, rejected, cancelled or invoiced. */
export interface HeldOrderRow {
  accountId: string;
  orderId: string;
  amountMinor: string;
  currency: string;
  receivablesMinor: string;
  uninvoicedOrdersMinor: string;
  /** What the credit check saw, this order included. */
  exposureMinor: string;
  creditLimitMinor: string;
  overLimitMinor: string;
  holdReason: string;
  placedAt: string;
  heldAt: string;
}

export const heldOrderKey = (accountId: string, orderId: string): string => `${accountId}/${orderId}`;

/** Pure: a held order's row after one account event (null: it left the queue). */
export function evolveHeldOrder(current: HeldOrderRow | undefined, recorded: RecordedEvent): HeldOrderRow | null | undefined {
  const event = accountEventOf(recorded);
  switch (event.type) {
    case 'OrderCreditHeld': {
      const d = event.data;
      return {
        accountId: d.accountId,
        orderId: d.orderId,
        amountMinor: String(d.amountMinor),
        currency: d.currency,
        receivablesMinor: String(d.exposure.receivablesMinor),
        uninvoicedOrdersMinor: String(d.exposure.uninvoicedOrdersMinor),
        exposureMinor: String(d.exposure.totalMinor),
        creditLimitMinor: String(d.creditLimitMinor),
        overLimitMinor: String(Math.max(0, d.exposure.totalMinor - d.creditLimitMinor)),
        holdReason: d.holdReason,
        placedAt: d.placedAt,
        heldAt: recorded.metadata.occurredAt,
      };
    }
    case 'OrderCreditReleased':
    case 'OrderCreditRejected':
    case 'OrderCancelled':
    case 'ReceivableOpened':
      return current ? null : undefined;
    default:
      return undefined;
  }
}

const ORDER_EVENTS = new Set(['OrderCreditHeld', 'OrderCreditReleased', 'OrderCreditRejected', 'OrderCancelled', 'ReceivableOpened']);
const bigint = (name: string) => ({ type: 'bigint' as const, name });

export const heldOrdersProjection: ProjectionDefinition<HeldOrderRow> = {
  name: 'accounts.held_orders',
  version: 1,
  table: 'held_orders',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    orderId: { type: 'varchar', name: 'order_id' },
    amountMinor: bigint('amount_minor'),
    currency: { type: 'varchar', length: 3 },
    receivablesMinor: bigint('receivables_minor'),
    uninvoicedOrdersMinor: bigint('uninvoiced_orders_minor'),
    exposureMinor: bigint('exposure_minor'),
    creditLimitMinor: bigint('credit_limit_minor'),
    overLimitMinor: bigint('over_limit_minor'),
    holdReason: { type: 'varchar', name: 'hold_reason' },
    placedAt: { type: 'varchar', name: 'placed_at' },
    heldAt: { type: 'varchar', name: 'held_at' },
  },
  indices: [
    { name: 'by_held_at', columns: ['heldAt'] },
    { name: 'by_account', columns: ['accountId'] },
  ],
  filter: { streamNamePrefixes: [ACCOUNT_STREAM_PREFIX] },
  keysOf: (event) => {
    if (!ORDER_EVENTS.has(event.type)) return [];
    const d = event.data as { accountId: string; orderId: string };
    return [heldOrderKey(d.accountId, d.orderId)];
  },
  evolve: (row, event) => evolveHeldOrder(row, event),
};
