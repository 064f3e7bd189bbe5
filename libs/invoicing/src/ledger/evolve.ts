import type { LedgerEvent } from './events';
import type { LedgerState } from './state';

/**
 * Folds one event into the ledger. The fold owns its state (every fold starts
 * from `initialLedgerState()`), so the maps are updated in place: a long
 * ledger folds in linear time. `decide` never mutates the state it is given.
 */
export function evolveLedger(state: LedgerState, event: LedgerEvent): LedgerState {
  if (event.type === 'AccountTermsLearned') {
    if (state.status === 'Active') return state;
    return {
      status: 'Active',
      accountId: event.data.accountId,
      currency: event.data.currency,
      paymentTermsDays: event.data.paymentTermsDays,
      invoices: new Map(),
      payments: new Map(),
      creditNotes: new Map(),
    };
  }
  if (state.status !== 'Active') return state;
  switch (event.type) {
    case 'PaymentTermsChanged':
      state.paymentTermsDays = event.data.paymentTermsDays;
      return state;
    case 'InvoiceIssued': {
      const d = event.data;
      state.invoices.set(d.invoiceId, {
        invoiceId: d.invoiceId,
        orderId: d.orderId,
        lines: d.lines,
        taxMinor: d.taxMinor,
        totalMinor: d.totalMinor,
        issuedOn: d.issuedOn,
        dueOn: d.dueOn,
        openAmountMinor: d.totalMinor,
        appliedMinor: 0,
        reversedMinor: 0,
        creditedMinor: 0,
        writtenOffMinor: 0,
      });
      const replaced = d.correctsInvoiceId ? state.invoices.get(d.correctsInvoiceId) : undefined;
      if (replaced) replaced.correctedBy = d.invoiceId;
      return state;
    }
    case 'PaymentsCarriedOver': {
      const d = event.data;
      const from = state.invoices.get(d.fromInvoiceId);
      const to = state.invoices.get(d.toInvoiceId);
      for (const c of d.carried) {
        if (from) {
          from.openAmountMinor += c.amountMinor;
          from.appliedMinor -= c.amountMinor;
        }
        if (to) {
          to.openAmountMinor -= c.appliedMinor;
          to.appliedMinor += c.appliedMinor;
        }
        const payment = state.payments.get(c.paymentId);
        if (payment) {
          payment.applications.set(d.fromInvoiceId, (payment.applications.get(d.fromInvoiceId) ?? 0) - c.amountMinor);
          if (c.appliedMinor > 0) payment.applications.set(d.toInvoiceId, (payment.applications.get(d.toInvoiceId) ?? 0) + c.appliedMinor);
          payment.unappliedMinor += c.amountMinor - c.appliedMinor;
        }
      }
      return state;
    }
    case 'PaymentReceived': {
      const d = event.data;
      // The whole amount is unapplied until its PaymentApplied events (in the same decision) take their parts.
      state.payments.set(d.paymentId, { paymentId: d.paymentId, amountMinor: d.amountMinor, receivedOn: d.receivedOn, applications: new Map(), unappliedMinor: d.amountMinor, reversed: false });
      return state;
    }
    case 'PaymentApplied': {
      const d = event.data;
      const invoice = state.invoices.get(d.invoiceId);
      const payment = state.payments.get(d.paymentId);
      if (invoice) {
        invoice.openAmountMinor -= d.amountMinor;
        invoice.appliedMinor += d.amountMinor;
      }
      if (payment) {
        payment.unappliedMinor -= d.amountMinor;
        payment.applications.set(d.invoiceId, (payment.applications.get(d.invoiceId) ?? 0) + d.amountMinor);
      }
      return state;
    }
    case 'InvoicePaid':
      return state;
    case 'PaymentReversed': {
      const payment = state.payments.get(event.data.paymentId);
      if (payment) {
        payment.reversed = true;
        payment.unappliedMinor = 0;
      }
      return state;
    }
    case 'PaymentApplicationReversed': {
      const d = event.data;
      const invoice = state.invoices.get(d.invoiceId);
      const payment = state.payments.get(d.paymentId);
      if (invoice) {
        invoice.openAmountMinor += d.amountMinor;
        invoice.reversedMinor += d.amountMinor;
      }
      payment?.applications.set(d.invoiceId, (payment.applications.get(d.invoiceId) ?? 0) - d.amountMinor);
      return state;
    }
    case 'CreditNoteIssued': {
      const d = event.data;
      const invoice = state.invoices.get(d.invoiceId);
      if (invoice) {
        invoice.openAmountMinor -= d.amountMinor;
        invoice.creditedMinor += d.amountMinor;
      }
      state.creditNotes.set(d.creditNoteId, { invoiceId: d.invoiceId, amountMinor: d.amountMinor });
      return state;
    }
    case 'InvoiceWrittenOff': {
      const invoice = state.invoices.get(event.data.invoiceId);
      if (invoice) {
        invoice.openAmountMinor -= event.data.amountMinor;
        invoice.writtenOffMinor += event.data.amountMinor;
      }
      return state;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
