import type { CommandOutcome } from '@o2c/kernel';
import type { IngressOutcome } from '@o2c/messaging';
import type { AccountEvent } from '../account/account.events';
import type { AccountState } from '../account/account.state';

/** What an ingress publisher is told about its order message. */
export interface OrderCreditOutcome extends IngressOutcome {
  /** `released`, `held`, `cancelled`, `already_handled` (this message was handled before), or the order's status when another message decided it. */
  readonly outcome: string;
  readonly accountId: string;
  readonly orderId: string;
  readonly status?: string;
  readonly exposureMinor?: number;
  readonly creditLimitMinor?: number;
}

export function orderCreditOutcome(accountId: string, orderId: string, result: CommandOutcome<AccountState, AccountEvent>): OrderCreditOutcome {
  const order = result.state.status === 'Open' ? result.state.orders[orderId] : undefined;
  const decided = result.newEvents.find((e) => e.type === 'OrderCreditReleased' || e.type === 'OrderCreditHeld');
  const seen = decided && (decided.type === 'OrderCreditReleased' || decided.type === 'OrderCreditHeld') ? decided.data : undefined;
  const outcome = result.alreadyHandled ? 'already_handled' : result.newEvents.length === 0 ? `already_${order?.status ?? 'decided'}` : (order?.status ?? 'unknown');
  return {
    outcome,
    accountId,
    orderId,
    ...(order ? { status: order.status } : {}),
    ...(seen ? { exposureMinor: seen.exposure.totalMinor, creditLimitMinor: seen.creditLimitMinor } : {}),
  };
}
