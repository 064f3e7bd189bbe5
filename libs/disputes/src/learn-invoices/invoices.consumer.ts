import type { CreditNoteIssuedV1, InvoiceIssuedV1, InvoiceWrittenOffV1, PaymentAppliedV1, PaymentReversedV1, PublishedEvent } from '@o2c/contracts';
import { publishedEventConsumer, type ConsumerDefinition, type HandlerContext } from '@o2c/messaging';
import type { InvoiceKnowledge, KnownInvoice } from './invoice-knowledge';

export const INVOICES_GROUP = 'o2c.disputes.invoicing';

type WithOpenAmount = InvoiceIssuedV1 | PaymentAppliedV1 | PaymentReversedV1 | CreditNoteIssuedV1 | InvoiceWrittenOffV1;

/** Invoice id -> account, currency and open amount, from invoicing's topic, in the consumer's own transaction (a redelivery writes the same row). */
export function invoicesConsumer(knowledge: InvoiceKnowledge): ConsumerDefinition<PublishedEvent | undefined> {
  const known = (event: PublishedEvent): KnownInvoice => {
    const d = event.data as WithOpenAmount;
    return { invoiceId: d.invoiceId, accountId: d.accountId, currency: d.currency, openAmountMinor: d.openAmountMinor };
  };
  const handle = async (event: PublishedEvent, context: HandlerContext) => knowledge.learn(known(event), context.manager);
  const types = ['InvoiceIssued', 'PaymentApplied', 'PaymentReversed', 'CreditNoteIssued', 'InvoiceWrittenOff'];
  return publishedEventConsumer({
    groupId: INVOICES_GROUP,
    from: ['invoicing'],
    handlers: Object.fromEntries(types.map((type) => [type, { versions: [1], handle }])),
    // A batch's invoices in one statement (last one wins per invoice, as one at a time).
    handleMany: (items, manager) => knowledge.learnMany(items.map(({ event }) => known(event)), manager),
  });
}
