import type { IngressHandler } from '@o2c/messaging';
import { utcDateOf } from '../ledger/calendar';
import { invoiceIdOf } from '../ledger/events';
import { ingressCommandContext } from '../ledger/ingress-context';
import type { LedgerService } from '../ledger/ledger.service';
import type { InvoiceDirectory } from '../invoice-directory/invoice-directory';

/**
 * OrderDelivered -> the order's invoice (`INV-<orderId>`), issued on the
 * delivery's UTC date, due after the account's payment terms. An account not
 * known yet is `not_found` (retried: AccountOpened may still be on its way).
 */
export function issueInvoiceOnDelivery(ledger: LedgerService, directory: InvoiceDirectory): IngressHandler<'OrderDelivered'> {
  return async (message, context) => {
    const d = message.data;
    const outcome = await ledger.execute(
      {
        type: 'IssueInvoice',
        accountId: d.accountId,
        orderId: d.orderId,
        currency: d.currency,
        deliveredOn: utcDateOf(d.deliveredAt, 'deliveredAt'),
        lines: d.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, taxRateBp: l.taxRateBp })),
      },
      ingressCommandContext(message, 'svc:orders'),
    );
    const invoiceId = invoiceIdOf(d.orderId);
    await directory.record(invoiceId, d.accountId, context.manager);
    const invoice = outcome.state.status === 'Active' ? outcome.state.invoices.get(invoiceId) : undefined;
    return {
      outcome: outcome.newEvents.length ? 'invoice_issued' : 'already_handled',
      invoiceId,
      totalMinor: invoice?.totalMinor,
      dueOn: invoice?.dueOn,
      openAmountMinor: invoice?.openAmountMinor,
    };
  };
}
