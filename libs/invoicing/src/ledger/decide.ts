import { currencyOf, DomainException, domainError } from '@o2c/kernel';
import { addDays, daysBetween } from './calendar';
import type { LedgerCommand } from './commands';
import { invoiceIdOf, type InvoiceLine, type LedgerEvent, type LedgerEventOf } from './events';
import { invoiceAmounts } from './invoice-amounts';
import type { ActiveLedger, InvoiceState, LedgerState } from './state';

const refuse = (kind: Parameters<typeof domainError>[0], code: string, message: string, field?: string, details?: Record<string, unknown>): never => {
  throw new DomainException(domainError(kind, code, message, { field, details }));
};

function active(state: LedgerState, accountId: string): ActiveLedger {
  if (state.status !== 'Active') {
    return refuse('not_found', 'invoicing.account_unknown', `account "${accountId}" is not known to invoicing yet (its AccountOpened has not arrived)`, 'accountId');
  }
  return state;
}

function sameCurrency(ledger: ActiveLedger, currency: string): void {
  if (currency !== ledger.currency) {
    refuse('rule_violation', 'invoicing.currency_mismatch', `currency ${currency} differs from account ${ledger.accountId}'s currency ${ledger.currency}`, 'currency', {
      accountCurrency: ledger.currency,
    });
  }
}

function positiveAmount(amountMinor: number, field = 'amountMinor'): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) refuse('validation', 'invoicing.bad_amount', `${field} must be a positive integer number of minor units, got ${amountMinor}`, field);
}

function invoiceOf(ledger: ActiveLedger, invoiceId: string): InvoiceState {
  return ledger.invoices.get(invoiceId) ?? refuse('not_found', 'invoicing.invoice_unknown', `invoice "${invoiceId}" does not exist on account ${ledger.accountId}`, 'invoiceId');
}

/** Open invoices in allocation order: oldest due first (then oldest issued, then id, so the order is total). */
function oldestDueFirst(invoices: Iterable<InvoiceState>): InvoiceState[] {
  return [...invoices]
    .filter((i) => i.openAmountMinor > 0)
    .sort((a, b) => compareText(a.dueOn, b.dueOn) || compareText(a.issuedOn, b.issuedOn) || compareText(a.invoiceId, b.invoiceId));
}

// ISO dates (YYYY-MM-DD) order as text.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The open invoice a remittance reference names: its invoice id, or the order
 * id it was issued for, ignoring case and surrounding spaces (as payers type them).
 */
function referencedInvoice(ledger: ActiveLedger, reference: string | undefined): InvoiceState | undefined {
  const wanted = reference?.trim().toUpperCase();
  if (!wanted) return undefined;
  for (const invoice of ledger.invoices.values()) {
    if (invoice.openAmountMinor > 0 && (invoice.invoiceId.toUpperCase() === wanted || invoice.orderId.toUpperCase() === wanted)) return invoice;
  }
  return undefined;
}

interface Source {
  readonly paymentId: string;
  readonly receivedOn: string;
  available: number;
}

/** Applies money from `sources` (in order) to `targets` (in order), with open amounts tracked locally: the state is not touched. */
function allocate(ledger: ActiveLedger, sources: Source[], targets: readonly { invoice: InvoiceState; open: number }[], appliedOn: string): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const target of targets) {
    for (const source of sources) {
      if (target.open === 0) break;
      if (source.available === 0) continue;
      const amountMinor = Math.min(source.available, target.open);
      source.available -= amountMinor;
      target.open -= amountMinor;
      events.push({
        type: 'PaymentApplied',
        data: {
          paymentId: source.paymentId,
          invoiceId: target.invoice.invoiceId,
          accountId: ledger.accountId,
          amountMinor,
          currency: ledger.currency,
          appliedOn,
          receivedOn: source.receivedOn,
          openAmountMinor: target.open,
        },
      });
      if (target.open === 0) {
        events.push({
          type: 'InvoicePaid',
          data: { invoiceId: target.invoice.invoiceId, accountId: ledger.accountId, paidOn: appliedOn, dueOn: target.invoice.dueOn, daysLate: daysBetween(target.invoice.dueOn, appliedOn) },
        });
      }
    }
  }
  return events;
}

function issueInvoice(state: LedgerState, command: Extract<LedgerCommand, { type: 'IssueInvoice' }>): LedgerEvent[] {
  const ledger = active(state, command.accountId);
  const invoiceId = invoiceIdOf(command.orderId);
  if (ledger.invoices.has(invoiceId)) return []; // one invoice per order: a repeated delivery changes nothing
  sameCurrency(ledger, command.currency);
  const amounts = invoiceAmounts(command.lines);
  const issued: LedgerEventOf<'InvoiceIssued'> = {
    type: 'InvoiceIssued',
    data: {
      invoiceId,
      accountId: ledger.accountId,
      orderId: command.orderId,
      currency: ledger.currency,
      ...amounts,
      issuedOn: command.deliveredOn,
      dueOn: addDays(command.deliveredOn, ledger.paymentTermsDays),
    },
  };
  const invoice: InvoiceState = {
    invoiceId,
    orderId: command.orderId,
    lines: amounts.lines,
    taxMinor: amounts.taxMinor,
    totalMinor: amounts.totalMinor,
    issuedOn: issued.data.issuedOn,
    dueOn: issued.data.dueOn,
    openAmountMinor: amounts.totalMinor,
    appliedMinor: 0,
    reversedMinor: 0,
    creditedMinor: 0,
    writtenOffMinor: 0,
  };
  // Unapplied cash pays the new invoice at once, oldest receipt first.
  const cash: Source[] = [...ledger.payments.values()]
    .filter((p) => p.unappliedMinor > 0)
    .map((p) => ({ paymentId: p.paymentId, receivedOn: p.receivedOn, available: p.unappliedMinor }));
  return [issued, ...allocate(ledger, cash, [{ invoice, open: invoice.openAmountMinor }], issued.data.issuedOn)];
}

function receivePayment(state: LedgerState, command: Extract<LedgerCommand, { type: 'ReceivePayment' }>): LedgerEvent[] {
  const ledger = active(state, command.accountId);
  if (ledger.payments.has(command.paymentId)) return []; // money-moving commands are idempotent on the payment id
  positiveAmount(command.amountMinor);
  sameCurrency(ledger, command.currency);
  const referenced = referencedInvoice(ledger, command.reference);
  const byReference = referenced ? [referenced] : [];
  const rest = oldestDueFirst(ledger.invoices.values()).filter((i) => i !== referenced);
  const source: Source = { paymentId: command.paymentId, receivedOn: command.receivedOn, available: command.amountMinor };
  const applications = allocate(
    ledger,
    [source],
    [...byReference, ...rest].map((invoice) => ({ invoice, open: invoice.openAmountMinor })),
    command.receivedOn,
  );
  const received: LedgerEventOf<'PaymentReceived'> = {
    type: 'PaymentReceived',
    data: {
      paymentId: command.paymentId,
      accountId: ledger.accountId,
      amountMinor: command.amountMinor,
      currency: ledger.currency,
      receivedOn: command.receivedOn,
      method: command.method,
      ...(command.reference !== undefined ? { reference: command.reference } : {}),
      unappliedMinor: source.available,
    },
  };
  return [received, ...applications];
}

function reversePayment(state: LedgerState, command: Extract<LedgerCommand, { type: 'ReversePayment' }>): LedgerEvent[] {
  const ledger = active(state, command.accountId);
  const payment =
    ledger.payments.get(command.paymentId) ?? refuse('not_found', 'invoicing.payment_unknown', `payment "${command.paymentId}" was never received on account ${ledger.accountId}`, 'paymentId');
  if (payment.reversed) return [];
  const events: LedgerEvent[] = [
    {
      type: 'PaymentReversed',
      data: {
        paymentId: payment.paymentId,
        accountId: ledger.accountId,
        amountMinor: payment.amountMinor,
        currency: ledger.currency,
        reason: command.reason,
        reversedOn: command.reversedOn,
        unappliedRemovedMinor: payment.unappliedMinor,
      },
    },
  ];
  for (const [invoiceId, amountMinor] of payment.applications) {
    if (amountMinor === 0) continue;
    const invoice = invoiceOf(ledger, invoiceId);
    events.push({
      type: 'PaymentApplicationReversed',
      data: { paymentId: payment.paymentId, invoiceId, accountId: ledger.accountId, amountMinor, currency: ledger.currency, reason: command.reason, openAmountMinor: invoice.openAmountMinor + amountMinor },
    });
  }
  return events;
}

function issueCreditNote(state: LedgerState, command: Extract<LedgerCommand, { type: 'IssueCreditNote' }>): LedgerEvent[] {
  const ledger = active(state, command.accountId);
  let invoice = invoiceOf(ledger, command.invoiceId);
  // A corrected invoice was cancelled: a later credit on it (a reopened dispute resolved by a credit note) goes to the correction in force.
  while (invoice.correctedBy) invoice = invoiceOf(ledger, invoice.correctedBy);
  const existing = ledger.creditNotes.get(command.creditNoteId);
  if (existing) {
    if (existing.invoiceId === invoice.invoiceId && existing.amountMinor === command.amountMinor) return [];
    refuse('conflict', 'invoicing.credit_note_id_taken', `credit note "${command.creditNoteId}" already exists (${existing.amountMinor} on ${existing.invoiceId})`, 'creditNoteId');
  }
  positiveAmount(command.amountMinor);
  if (command.amountMinor > invoice.openAmountMinor) {
    refuse(
      'rule_violation',
      'invoicing.credit_note_exceeds_open_amount',
      `amountMinor ${command.amountMinor} is larger than invoice ${invoice.invoiceId}'s open amount ${invoice.openAmountMinor}`,
      'amountMinor',
      { openAmountMinor: invoice.openAmountMinor },
    );
  }
  return [
    {
      type: 'CreditNoteIssued',
      data: {
        creditNoteId: command.creditNoteId,
        invoiceId: invoice.invoiceId,
        accountId: ledger.accountId,
        amountMinor: command.amountMinor,
        currency: ledger.currency,
        reason: command.reason,
        issuedOn: command.on,
        openAmountMinor: invoice.openAmountMinor - command.amountMinor,
      },
    },
  ];
}

/** Half up, in integers: round(a x b / c). */
const mulDivHalfUp = (a: number, b: number, c: number): number => Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));

/**
 * The corrected invoice's one line: its total split into net and tax at the
 * replaced invoice's rate (one rate: net = total / (1 + rate), rounded half
 * up; several rates: the tax keeps the replaced invoice's share of its total).
 */
function correctedLine(replaced: InvoiceState, totalMinor: number): InvoiceLine {
  const rates = [...new Set(replaced.lines.map((l) => l.taxRateBp))];
  const taxMinor = rates.length === 1 ? totalMinor - mulDivHalfUp(totalMinor, 10_000, 10_000 + rates[0]) : replaced.totalMinor > 0 ? mulDivHalfUp(totalMinor, replaced.taxMinor, replaced.totalMinor) : 0;
  const netMinor = totalMinor - taxMinor;
  const taxRateBp = rates.length === 1 ? rates[0] : netMinor > 0 ? mulDivHalfUp(taxMinor, 10_000, netMinor) : 0;
  return { description: `corrected invoice, replaces ${replaced.invoiceId}`, quantity: 1, unitPriceMinor: netMinor, taxRateBp, netMinor, taxMinor };
}

/**
 * An invoice is never edited: the invoice in force (the disputed one, or the
 * correction that already replaced it) is cancelled by a credit note of all
 * it still bills (its open amount plus what payments paid of it: total -
 * earlier credits - write-offs), and the corrected invoice is issued, due
 * after the account's terms from its issue day. The payments on the cancelled
 * invoice move to the corrected one (up to its total; any excess is unapplied
 * cash again), then unapplied cash pays what is left, as for any new invoice.
 */
function correctInvoice(state: LedgerState, command: Extract<LedgerCommand, { type: 'CorrectInvoice' }>): LedgerEvent[] {
  const ledger = active(state, command.accountId);
  let replaced = invoiceOf(ledger, command.invoiceId);
  const existing = ledger.invoices.get(command.correctedInvoiceId);
  if (existing) {
    if (existing.totalMinor === command.correctedTotalMinor) return []; // a redelivered resolution issues nothing twice
    refuse('conflict', 'invoicing.corrected_invoice_id_taken', `invoice "${command.correctedInvoiceId}" already exists (total ${existing.totalMinor})`, 'correctedInvoiceId');
  }
  positiveAmount(command.correctedTotalMinor, 'correctedTotalMinor');
  sameCurrency(ledger, command.currency);
  while (replaced.correctedBy) replaced = invoiceOf(ledger, replaced.correctedBy);
  if (replaced.writtenOffMinor > 0) {
    refuse('rule_violation', 'invoicing.invoice_written_off', `invoice ${replaced.invoiceId} was written off: a written-off invoice is not corrected`, 'invoiceId');
  }
  if (ledger.creditNotes.has(command.creditNoteId)) refuse('conflict', 'invoicing.credit_note_id_taken', `credit note "${command.creditNoteId}" already exists`, 'creditNoteId');
  const onPayments = [...ledger.payments.values()].map((p) => ({ paymentId: p.paymentId, amountMinor: p.applications.get(replaced.invoiceId) ?? 0 })).filter((p) => p.amountMinor > 0);
  let room = command.correctedTotalMinor;
  const carried = onPayments.map((p) => {
    const appliedMinor = Math.min(p.amountMinor, room);
    room -= appliedMinor;
    return { ...p, appliedMinor };
  });
  const alreadyPaidMinor = command.correctedTotalMinor - room;
  const stillBilledMinor = replaced.openAmountMinor + onPayments.reduce((sum, p) => sum + p.amountMinor, 0);
  const line = correctedLine(replaced, command.correctedTotalMinor);
  const issued: LedgerEventOf<'InvoiceIssued'> = {
    type: 'InvoiceIssued',
    data: {
      invoiceId: command.correctedInvoiceId,
      accountId: ledger.accountId,
      orderId: replaced.orderId,
      currency: ledger.currency,
      lines: [line],
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
      totalMinor: command.correctedTotalMinor,
      issuedOn: command.on,
      dueOn: addDays(command.on, ledger.paymentTermsDays),
      correctsInvoiceId: replaced.invoiceId,
      alreadyPaidMinor,
    },
  };
  const events: LedgerEvent[] = [issued];
  if (carried.length > 0) {
    events.push({ type: 'PaymentsCarriedOver', data: { accountId: ledger.accountId, currency: ledger.currency, fromInvoiceId: replaced.invoiceId, toInvoiceId: command.correctedInvoiceId, carried } });
  }
  if (stillBilledMinor > 0) {
    events.push({
      type: 'CreditNoteIssued',
      data: {
        creditNoteId: command.creditNoteId,
        invoiceId: replaced.invoiceId,
        accountId: ledger.accountId,
        amountMinor: stillBilledMinor,
        currency: ledger.currency,
        reason: `${command.reason}; replaced by ${command.correctedInvoiceId}`,
        issuedOn: command.on,
        openAmountMinor: 0,
      },
    });
  }
  const corrected: InvoiceState = {
    invoiceId: command.correctedInvoiceId,
    orderId: replaced.orderId,
    lines: [line],
    taxMinor: line.taxMinor,
    totalMinor: command.correctedTotalMinor,
    issuedOn: command.on,
    dueOn: issued.data.dueOn,
    openAmountMinor: room,
    appliedMinor: alreadyPaidMinor,
    reversedMinor: 0,
    creditedMinor: 0,
    writtenOffMinor: 0,
  };
  const cash: Source[] = [...ledger.payments.values()]
    .filter((p) => p.unappliedMinor > 0)
    .map((p) => ({ paymentId: p.paymentId, receivedOn: p.receivedOn, available: p.unappliedMinor }));
  return [...events, ...allocate(ledger, cash, [{ invoice: corrected, open: room }], command.on)];
}

function writeOffInvoice(state: LedgerState, command: Extract<LedgerCommand, { type: 'WriteOffInvoice' }>): LedgerEvent[] {
  const ledger = active(state, command.accountId);
  const invoice = invoiceOf(ledger, command.invoiceId);
  if (invoice.openAmountMinor === 0) {
    if (invoice.writtenOffMinor > 0) return []; // already written off: a repeated request changes nothing
    refuse('rule_violation', 'invoicing.invoice_not_open', `invoice ${invoice.invoiceId} has nothing left to write off`, 'invoiceId');
  }
  return [
    {
      type: 'InvoiceWrittenOff',
      data: {
        invoiceId: invoice.invoiceId,
        accountId: ledger.accountId,
        amountMinor: invoice.openAmountMinor,
        currency: ledger.currency,
        reason: command.reason,
        approvedBy: command.approvedBy,
        writtenOffOn: command.on,
        openAmountMinor: 0,
      },
    },
  ];
}

function learnAccountTerms(state: LedgerState, command: Extract<LedgerCommand, { type: 'LearnAccountTerms' }>): LedgerEvent[] {
  if (state.status === 'Active') return []; // an account is opened once; later changes come as PaymentTermsChanged
  if (!currencyOf(command.currency)) refuse('validation', 'invoicing.unknown_currency', `unknown ISO 4217 currency "${command.currency}"`, 'currency');
  termsDays(command.paymentTermsDays);
  return [{ type: 'AccountTermsLearned', data: { accountId: command.accountId, currency: command.currency, paymentTermsDays: command.paymentTermsDays } }];
}

function termsDays(days: number): void {
  if (!Number.isSafeInteger(days) || days < 0) refuse('validation', 'invoicing.bad_payment_terms', `paymentTermsDays must be a whole number of days >= 0, got ${days}`, 'paymentTermsDays');
}

export function decideLedger(command: LedgerCommand, state: LedgerState): LedgerEvent[] {
  switch (command.type) {
    case 'LearnAccountTerms':
      return learnAccountTerms(state, command);
    case 'ChangePaymentTerms': {
      const ledger = active(state, command.accountId);
      termsDays(command.paymentTermsDays);
      if (ledger.paymentTermsDays === command.paymentTermsDays) return [];
      return [{ type: 'PaymentTermsChanged', data: { accountId: ledger.accountId, paymentTermsDays: command.paymentTermsDays, reason: command.reason } }];
    }
    case 'IssueInvoice':
      return issueInvoice(state, command);
    case 'ReceivePayment':
      return receivePayment(state, command);
    case 'ReversePayment':
      return reversePayment(state, command);
    case 'IssueCreditNote':
      return issueCreditNote(state, command);
    case 'CorrectInvoice':
      return correctInvoice(state, command);
    case 'WriteOffInvoice':
      return writeOffInvoice(state, command);
    default: {
      const unknown: never = command;
      throw new Error(`unknown ledger command ${JSON.stringify(unknown)}`);
    }
  }
}
