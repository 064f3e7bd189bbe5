import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, type Clock } from '@o2c/kernel';
import type { ConsumerDefinition, ContextRuntime, IngressHandler } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { agencyRecoveryConsumer } from './agency-recovery/agency-recovery.consumer';
import { creditFromDisputeConsumer } from './credit-from-dispute/credit-from-dispute.consumer';
import { InvoiceDirectory, migrateInvoicing } from './invoice-directory/invoice-directory';
import { issueInvoiceOnDelivery } from './issue-invoice/issue-invoice.ingress';
import { accountTermsConsumer } from './learn-account-terms/account-terms.consumer';
import { LedgerService } from './ledger/ledger.service';
import { receivePayment } from './receive-payment/receive-payment.ingress';
import { reversePayment } from './reverse-payment/reverse-payment.ingress';
import { invoicingTranslator } from './translator/invoicing.translator';

/** What invoicing hands to its host: the translator, the accounts consumer, the ingress it owns, its own table. */
@Injectable()
export class InvoicingRuntime implements ContextRuntime {
  readonly context = 'invoicing' as const;
  readonly translator = invoicingTranslator;
  readonly consumers: readonly ConsumerDefinition<unknown>[];
  readonly ingress: { OrderDelivered: IngressHandler<'OrderDelivered'>; PaymentReceived: IngressHandler<'PaymentReceived'>; PaymentReversed: IngressHandler<'PaymentReversed'> };

  constructor(ledger: LedgerService, directory: InvoiceDirectory, @Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    this.consumers = [accountTermsConsumer(ledger) as ConsumerDefinition<unknown>, creditFromDisputeConsumer(ledger) as ConsumerDefinition<unknown>, agencyRecoveryConsumer(ledger, store, clock)];
    this.ingress = {
      OrderDelivered: issueInvoiceOnDelivery(ledger, directory),
      PaymentReceived: receivePayment(ledger),
      PaymentReversed: reversePayment(ledger),
    };
  }

  migrate(dataSource: DataSource): Promise<void> {
    return migrateInvoicing(dataSource);
  }
}
