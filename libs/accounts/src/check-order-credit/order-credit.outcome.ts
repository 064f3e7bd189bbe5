import { getIn, type CommandOutcome } from '@o2c/kernel';
import type { IngressOutcome } from '@o2c/messaging';
import type { AccountEvent } from '../account/account.events';
import type { AccountState } from '../account/account.state';
import { hasId } from '../account/closed-ids';

/** What an ingress publisher is told about its order message. */
export interface OrderCreditOutcome extends IngressOutcome {
  /**
   * `released`, `held` or `cancelled` when this message decided it;
   * `already_handled` when this message was handled before; `already_<status>`
   * when another message decided the order (`closed`: rejected, cancelled or invoiced).
   */
  readonly outcome: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly status?: string;
  readonly exposureMinor?: number;
  readonly creditLimitMinor?: number;
}

function outcomeOf(result: CommandOutcome<AccountState, AccountEvent>, status: string | undefined): string {
  if (result.alreadyHandled) return 'already_handled';
  if (result.newEvents.length === 0) return `already_${status ?? 'decided'}`;
  if (result.newEvents.some((e) => e.type === 'OrderCancelled')) return 'cancelled';
  return status ?? 'unknown';
}

export function orderCreditOutcome(accountId: string, orderId: string, result: CommandOutcome<AccountState, AccountEvent>): OrderCreditOutcome {
  const account = result.state.status === 'Open' ? result.state : undefined;
  const status = (account && getIn(account.orders, orderId))?.status ?? (account && hasId(account.closedOrders, orderId) ? 'closed' : undefined);
  const decided = result.newEvents.find((e) => e.type === 'OrderCreditReleased' || e.type === 'OrderCreditHeld');
  const seen = decided?.type === 'OrderCreditReleased' || decided?.type === 'OrderCreditHeld' ? decided.data : undefined;
  return {
    outcome: outcomeOf(result, status),
    accountId,
    orderId,
    ...(status ? { status } : {}),
    ...(seen ? { exposureMinor: seen.exposure.totalMinor, creditLimitMinor: seen.creditLimitMinor } : {}),
  };
}
