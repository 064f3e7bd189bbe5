import type { CreditNoteIssuedV1, InvoiceIssuedV1, InvoiceWrittenOffV1, PaymentAppliedV1, PaymentReversedV1, PublishedEvent } from '@o2c/contracts';
import { publishedEventConsumer, type HandlerContext } from '@o2c/messaging';
import type { CaseStreams } from '../case-store/case.streams';
import { consumedContext } from '../learn-accounts/accounts.consumer';

export const INVOICING_GROUP = 'o2c.collections.invoicing';

const dateOf = (event: PublishedEvent): string => event.metadata.occurredAt.slice(0, 10);

/** Each open invoice with its due date and open amount (every invoicing event carries the open amount after it), and the payments that judge promises and plans. */
export function invoicingConsumer(cases: CaseStreams) {
  const learn = (handle: (event: PublishedEvent, context: HandlerContext) => Promise<unknown>) => ({ versions: [1], handle: async (event: PublishedEvent, context: HandlerContext) => void (await handle(event, context)) });
  return publishedEventConsumer({
    groupId: INVOICING_GROUP,
    // Every handler goes straight to CaseStreams, whose per-case queue keeps an account's order: its messages in a batch are decided together.
    pipelined: true,
    from: ['invoicing'],
    handlers: {
      InvoiceIssued: learn((event, { manager }) => {
        const d = event.data as InvoiceIssuedV1;
        return cases.execute(
          { type: 'LearnInvoice', accountId: d.accountId, invoiceId: d.invoiceId, issuedOn: d.issuedOn, dueOn: d.dueOn, totalMinor: d.totalMinor, openAmountMinor: d.openAmountMinor, currency: d.currency },
          consumedContext(INVOICING_GROUP, event),
          manager,
        );
      }),
      PaymentApplied: learn((event, { manager }) => {
        const d = event.data as PaymentAppliedV1;
        return cases.execute(
          { type: 'LearnOpenAmount', accountId: d.accountId, invoiceId: d.invoiceId, cause: 'payment', amountMinor: d.amountMinor, openAmountMinor: d.openAmountMinor, on: d.receivedOn.slice(0, 10), paymentId: d.paymentId },
          consumedContext(INVOICING_GROUP, event),
          manager,
        );
      }),
      PaymentReversed: learn((event, { manager }) => {
        const d = event.data as PaymentReversedV1;
        return cases.execute(
          { type: 'LearnOpenAmount', accountId: d.accountId, invoiceId: d.invoiceId, cause: 'reversal', amountMinor: d.amountMinor, openAmountMinor: d.openAmountMinor, on: dateOf(event), paymentId: d.paymentId },
          consumedContext(INVOICING_GROUP, event),
          manager,
        );
      }),
      CreditNoteIssued: learn((event, { manager }) => {
        const d = event.data as CreditNoteIssuedV1;
        return cases.execute(
          { type: 'LearnOpenAmount', accountId: d.accountId, invoiceId: d.invoiceId, cause: 'credit_note', amountMinor: d.amountMinor, openAmountMinor: d.openAmountMinor, on: dateOf(event) },
          consumedContext(INVOICING_GROUP, event),
          manager,
        );
      }),
      InvoiceWrittenOff: learn((event, { manager }) => {
        const d = event.data as InvoiceWrittenOffV1;
        return cases.execute(
          { type: 'LearnOpenAmount', accountId: d.accountId, invoiceId: d.invoiceId, cause: 'write_off', amountMinor: d.amountMinor, openAmountMinor: d.openAmountMinor, on: dateOf(event) },
          consumedContext(INVOICING_GROUP, event),
          manager,
        );
      }),
    },
  });
}
