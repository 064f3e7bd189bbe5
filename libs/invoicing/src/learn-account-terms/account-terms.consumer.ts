import type { AccountOpenedV2, PaymentTermsChangedV1, PublishedEvent } from '@o2c/contracts';
import type { CommandContext } from '@o2c/kernel';
import { publishedEventConsumer } from '@o2c/messaging';
import type { LedgerService } from '../ledger/ledger.service';

/** The ledger command is idempotent on the published message's id: a redelivery finds its event on the ledger and adds nothing. */
const contextOf = (event: PublishedEvent): CommandContext => ({
  causationId: event.metadata.messageId,
  commandId: `accounts:${event.metadata.messageId}`,
  correlationId: event.metadata.correlationId,
  actor: event.metadata.actor,
});

/**
 * Invoicing learns each account's currency and payment terms from accounts'
 * published events, onto the account's ledger, so issuing an invoice reads
 * its terms in the same decision. Terms changes on an account not opened yet
 * are `not_found` (retried, then dead-lettered).
 */
export function accountTermsConsumer(ledger: LedgerService) {
  return publishedEventConsumer({
    groupId: 'o2c.invoicing.accounts',
    from: ['accounts'],
    handlers: {
      AccountOpened: {
        versions: [2],
        handle: async (event) => {
          const d = event.data as AccountOpenedV2;
          await ledger.execute({ type: 'LearnAccountTerms', accountId: d.accountId, currency: d.currency, paymentTermsDays: d.paymentTermsDays }, contextOf(event));
        },
      },
      PaymentTermsChanged: {
        versions: [1],
        handle: async (event) => {
          const d = event.data as PaymentTermsChangedV1;
          await ledger.execute({ type: 'ChangePaymentTerms', accountId: d.accountId, paymentTermsDays: d.paymentTermsDays, reason: d.reason }, contextOf(event));
        },
      },
    },
  });
}
