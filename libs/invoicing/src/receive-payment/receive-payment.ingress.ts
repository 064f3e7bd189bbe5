import type { IngressHandler } from '@o2c/messaging';
import { utcDateOf } from '../ledger/calendar';
import { ingressCommandContext } from '../ledger/ingress-context';
import type { LedgerService } from '../ledger/ledger.service';

/** PaymentReceived -> allocated on the account's ledger (reference first, then oldest due); idempotent on the payment id. */
export function receivePayment(ledger: LedgerService): IngressHandler<'PaymentReceived'> {
  return async (message) => {
    const d = message.data;
    const outcome = await ledger.execute(
      {
        type: 'ReceivePayment',
        accountId: d.accountId,
        paymentId: d.paymentId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        receivedOn: utcDateOf(d.receivedAt, 'receivedAt'),
        method: d.method,
        ...(d.reference !== undefined ? { reference: d.reference } : {}),
      },
      ingressCommandContext(message, 'svc:payments'),
    );
    const payment = outcome.state.status === 'Active' ? outcome.state.payments.get(d.paymentId) : undefined;
    return {
      outcome: outcome.newEvents.length ? 'allocated' : 'already_handled',
      paymentId: d.paymentId,
      applied: payment ? [...payment.applications].filter(([, amountMinor]) => amountMinor > 0).map(([invoiceId, amountMinor]) => ({ invoiceId, amountMinor })) : [],
      unappliedMinor: payment?.unappliedMinor,
    };
  };
}
