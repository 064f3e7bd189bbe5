import type { IngressHandler } from '@o2c/messaging';
import type { LedgerEventOf } from '../ledger/events';
import { utcDateOf } from '../ledger/calendar';
import { ingressCommandContext } from '../ledger/ingress-context';
import type { LedgerService } from '../ledger/ledger.service';

/** PaymentReversed (bounced direct debit, chargeback) -> reopens what the payment paid, invoice by invoice, and drops its unapplied part. */
export function reversePayment(ledger: LedgerService): IngressHandler<'PaymentReversed'> {
  return async (message) => {
    const d = message.data;
    const outcome = await ledger.execute(
      { type: 'ReversePayment', accountId: d.accountId, paymentId: d.paymentId, reason: d.reason, reversedOn: utcDateOf(d.reversedAt, 'reversedAt') },
      ingressCommandContext(message, 'svc:payments'),
    );
    const reopened = outcome.newEvents
      .filter((e): e is LedgerEventOf<'PaymentApplicationReversed'> => e.type === 'PaymentApplicationReversed')
      .map((e) => ({ invoiceId: e.data.invoiceId, amountMinor: e.data.amountMinor, openAmountMinor: e.data.openAmountMinor }));
    return { outcome: outcome.newEvents.length ? 'reversed' : 'already_handled', paymentId: d.paymentId, reopened };
  };
}
