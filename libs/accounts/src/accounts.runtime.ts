import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ConsumerDefinition, ContextRuntime, IngressHandler } from '@o2c/messaging';
import { AccountStreams } from './account.streams';
import { orderCancelledIngress } from './cancel-order/cancel-order.ingress';
import { orderPlacedIngress } from './check-order-credit/check-order-credit.ingress';
import { collectionsSignalsConsumer } from './learn-collections-signals/collections-signals.consumer';
import { disputeSignalsConsumer } from './record-dispute-signals/dispute-signals.consumer';
import { receivablesConsumer } from './record-receivables/receivables.consumer';
import { accountsTranslator } from './translator/accounts.translator';

/**
 * What the accounts context hands to its host: the translator to
 * `o2c.accounts.events`, the receivables consumer on invoicing's topic, and
 * the credit check on `OrderPlaced` / `OrderCancelled` ingress. No tables of
 * its own: its read models are projections.
 */
@Injectable()
export class AccountsRuntime implements ContextRuntime {
  readonly context = 'accounts' as const;
  readonly translator = accountsTranslator;
  readonly consumers: readonly ConsumerDefinition<unknown>[];
  readonly ingress: { OrderPlaced: IngressHandler<'OrderPlaced'>; OrderCancelled: IngressHandler<'OrderCancelled'> };

  constructor(commands: CommandBus, streams: AccountStreams) {
    this.consumers = [receivablesConsumer(streams) as ConsumerDefinition<unknown>, disputeSignalsConsumer(streams) as ConsumerDefinition<unknown>, collectionsSignalsConsumer(streams) as ConsumerDefinition<unknown>];
    this.ingress = { OrderPlaced: orderPlacedIngress(commands), OrderCancelled: orderCancelledIngress(commands) };
  }
}
