import { deciderSpec } from '@o2c/kernel/testing';
import type { LedgerCommand } from './commands';
import type { LedgerEvent, LedgerEventOf } from './events';
import { ledgerDecider } from './ledger.decider';
import { receivableMinor, unappliedCashMinor } from './state';

const spec = deciderSpec(ledgerDecider);
const A = 'ACME';

const terms = (paymentTermsDays = 30): LedgerEvent => ({ type: 'AccountTermsLearned', data: { accountId: A, currency: 'EUR', paymentTermsDays } });
const issued = (orderId: string, totalMinor: number, issuedOn: string, dueOn: string): LedgerEventOf<'InvoiceIssued'> => ({
  type: 'InvoiceIssued',
  data: {
    invoiceId: `INV-${orderId}`,
    accountId: A,
    orderId,
    currency: 'EUR',
    lines: [{ description: 'goods', quantity: 1, unitPriceMinor: totalMinor, taxRateBp: 0, netMinor: totalMinor, taxMinor: 0 }],
    netMinor: totalMinor,
    taxMinor: 0,
    totalMinor,
    issuedOn,
    dueOn,
  },
});
const received = (paymentId: string, amountMinor: number, receivedOn: string, unappliedMinor: number, reference?: string): LedgerEvent => ({
  type: 'PaymentReceived',
  data: { paymentId, accountId: A, amountMinor, currency: 'EUR', receivedOn, method: 'transfer', ...(reference ? { reference } : {}), unappliedMinor },
});
const applied = (paymentId: string, invoiceId: string, amountMinor: number, appliedOn: string, receivedOn: string, openAmountMinor: number): LedgerEvent => ({
  type: 'PaymentApplied',
  data: { paymentId, invoiceId, accountId: A, amountMinor, currency: 'EUR', appliedOn, receivedOn, openAmountMinor },
});
const paid = (invoiceId: string, paidOn: string, dueOn: string, daysLate: number): LedgerEvent => ({ type: 'InvoicePaid', data: { invoiceId, accountId: A, paidOn, dueOn, daysLate } });
const pay = (paymentId: string, amountMinor: number, receivedOn: string, reference?: string): LedgerCommand => ({
  type: 'ReceivePayment',
  accountId: A,
  paymentId,
  amountMinor,
  currency: 'EUR',
  receivedOn,
  method: 'transfer',
  ...(reference ? { reference } : {}),
});

// Two open invoices: O1 due 2026-11-01 (older), O2 due 2026-12-01.
const twoInvoices: LedgerEvent[] = [terms(), issued('O1', 100_00, '2026-10-02', '2026-11-01'), issued('O2', 50_00, '2026-11-01', '2026-12-01')];

describe('ledger: account terms', () => {
  it('learns the currency and terms once; a repeated AccountOpened is a no-op', () => {
    spec.given([]).when({ type: 'LearnAccountTerms', accountId: A, currency: 'EUR', paymentTermsDays: 45 }).then([{ type: 'AccountTermsLearned', data: { accountId: A, currency: 'EUR', paymentTermsDays: 45 } }]);
    spec.given([terms()]).when({ type: 'LearnAccountTerms', accountId: A, currency: 'EUR', paymentTermsDays: 45 }).then([]);
  });
  it('changes the terms, which later invoices use for their due date', () => {
    spec.given([terms()]).when({ type: 'ChangePaymentTerms', accountId: A, paymentTermsDays: 60, reason: 'renegotiated' }).then([
      { type: 'PaymentTermsChanged', data: { accountId: A, paymentTermsDays: 60, reason: 'renegotiated' } },
    ]);
    const events = ledgerDecider.decide(
      { type: 'IssueInvoice', accountId: A, orderId: 'O9', currency: 'EUR', deliveredOn: '2026-11-25', lines: [{ description: 'x', quantity: 1, unitPriceMinor: 100, taxRateBp: 0 }] },
      [terms(), { type: 'PaymentTermsChanged', data: { accountId: A, paymentTermsDays: 60, reason: 'r' } } as LedgerEvent].reduce(ledgerDecider.evolve, ledgerDecider.initialState()),
    );
    expect((events[0] as LedgerEventOf<'InvoiceIssued'>).data.dueOn).toBe('2027-01-24');
  });
  it('refuses to invoice an account it does not know yet (not_found: the consumer retries)', () =>
    spec
      .given([])
      .when({ type: 'IssueInvoice', accountId: A, orderId: 'O1', currency: 'EUR', deliveredOn: '2026-11-25', lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1, taxRateBp: 0 }] })
      .thenFails('invoicing.account_unknown', 'accountId'));
});

describe('ledger: issuing an invoice', () => {
  it('computes net and tax per line (half up), the total, issued = delivery date, due = issued + terms', () =>
    spec
      .given([terms(30)])
      .when({
        type: 'IssueInvoice',
        accountId: A,
        orderId: 'O1',
        currency: 'EUR',
        deliveredOn: '2026-11-25',
        lines: [
          { description: 'paper', quantity: 3, unitPriceMinor: 333, taxRateBp: 2000 }, // net 999, tax 199.8 -> 200
          { description: 'pens', quantity: 1, unitPriceMinor: 25, taxRateBp: 550 }, // net 25, tax 1.375 -> 1
          { description: 'ink', quantity: 1, unitPriceMinor: 10, taxRateBp: 500 }, // net 10, tax 0.5 -> 1 (half up)
        ],
      })
      .then([
        {
          type: 'InvoiceIssued',
          data: {
            invoiceId: 'INV-O1',
            accountId: A,
            orderId: 'O1',
            currency: 'EUR',
            lines: [
              { description: 'paper', quantity: 3, unitPriceMinor: 333, taxRateBp: 2000, netMinor: 999, taxMinor: 200 },
              { description: 'pens', quantity: 1, unitPriceMinor: 25, taxRateBp: 550, netMinor: 25, taxMinor: 1 },
              { description: 'ink', quantity: 1, unitPriceMinor: 10, taxRateBp: 500, netMinor: 10, taxMinor: 1 },
            ],
            netMinor: 1034,
            taxMinor: 202,
            totalMinor: 1236,
            issuedOn: '2026-11-25',
            dueOn: '2026-12-25',
          },
        },
      ]));
  it('one invoice per order: a repeated delivery is a no-op', () =>
    spec
      .given([terms(), issued('O1', 100, '2026-11-25', '2026-12-25')])
      .when({ type: 'IssueInvoice', accountId: A, orderId: 'O1', currency: 'EUR', deliveredOn: '2026-11-26', lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1, taxRateBp: 0 }] })
      .then([]));
  it('refuses a line with a fractional price or no lines, naming the field', () => {
    const deliver = (lines: { description: string; quantity: number; unitPriceMinor: number; taxRateBp: number }[]): LedgerCommand => ({ type: 'IssueInvoice', accountId: A, orderId: 'O1', currency: 'EUR', deliveredOn: '2026-11-25', lines });
    spec.given([terms()]).when(deliver([{ description: 'x', quantity: 1, unitPriceMinor: 1, taxRateBp: 0 }, { description: 'y', quantity: 1, unitPriceMinor: 9.99, taxRateBp: 0 }])).thenFails('invoicing.bad_line', 'lines[1].unitPriceMinor');
    spec.given([terms()]).when(deliver([])).thenFails('invoicing.no_lines', 'lines');
  });
  it('refuses an amount beyond exact integers', () =>
    spec
      .given([terms()])
      .when({ type: 'IssueInvoice', accountId: A, orderId: 'O1', currency: 'EUR', deliveredOn: '2026-11-25', lines: [{ description: 'x', quantity: 1_000_000, unitPriceMinor: Number.MAX_SAFE_INTEGER, taxRateBp: 0 }] })
      .thenFails('invoicing.amount_too_large', 'lines[0].unitPriceMinor'));
  it('refuses a delivery in another currency than the account', () =>
    spec
      .given([terms()])
      .when({ type: 'IssueInvoice', accountId: A, orderId: 'O1', currency: 'USD', deliveredOn: '2026-11-25', lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1, taxRateBp: 0 }] })
      .thenFails('invoicing.currency_mismatch', 'currency'));
});

describe('ledger: payments', () => {
  it('allocates to the invoice named by the reference first, then oldest due first', () =>
    spec
      .given(twoInvoices)
      .when(pay('P1', 120_00, '2026-11-20', 'INV-O2'))
      .then([
        received('P1', 120_00, '2026-11-20', 0, 'INV-O2'),
        applied('P1', 'INV-O2', 50_00, '2026-11-20', '2026-11-20', 0),
        paid('INV-O2', '2026-11-20', '2026-12-01', -11),
        applied('P1', 'INV-O1', 70_00, '2026-11-20', '2026-11-20', 30_00),
      ]));
  it('without a reference (or one naming no open invoice), pays the oldest due first', () =>
    spec
      .given(twoInvoices)
      .when(pay('P1', 110_00, '2026-11-05', 'not-an-invoice'))
      .then([
        received('P1', 110_00, '2026-11-05', 0, 'not-an-invoice'),
        applied('P1', 'INV-O1', 100_00, '2026-11-05', '2026-11-05', 0),
        paid('INV-O1', '2026-11-05', '2026-11-01', 4),
        applied('P1', 'INV-O2', 10_00, '2026-11-05', '2026-11-05', 40_00),
      ]));
  it('a reference naming a paid invoice falls back to oldest due first; one naming the order (any case) counts', () => {
    const o1Paid = [...twoInvoices, received('P0', 100_00, '2026-11-01', 0), applied('P0', 'INV-O1', 100_00, '2026-11-01', '2026-11-01', 0)];
    spec.given(o1Paid).when(pay('P1', 10_00, '2026-11-05', 'INV-O1')).then([received('P1', 10_00, '2026-11-05', 0, 'INV-O1'), applied('P1', 'INV-O2', 10_00, '2026-11-05', '2026-11-05', 40_00)]);
    spec.given(twoInvoices).when(pay('P1', 10_00, '2026-11-05', ' o2 ')).then([received('P1', 10_00, '2026-11-05', 0, ' o2 '), applied('P1', 'INV-O2', 10_00, '2026-11-05', '2026-11-05', 40_00)]);
  });
  it('a partial payment leaves the rest open', () =>
    spec.given(twoInvoices).when(pay('P1', 30_00, '2026-11-05')).then([received('P1', 30_00, '2026-11-05', 0), applied('P1', 'INV-O1', 30_00, '2026-11-05', '2026-11-05', 70_00)]));
  it('an overpayment is kept as unapplied cash ...', () =>
    spec
      .given(twoInvoices)
      .when(pay('P1', 160_00, '2026-11-05'))
      .then([
        received('P1', 160_00, '2026-11-05', 10_00),
        applied('P1', 'INV-O1', 100_00, '2026-11-05', '2026-11-05', 0),
        paid('INV-O1', '2026-11-05', '2026-11-01', 4),
        applied('P1', 'INV-O2', 50_00, '2026-11-05', '2026-11-05', 0),
        paid('INV-O2', '2026-11-05', '2026-12-01', -26),
      ]));
  it('... and applied automatically to the next invoice issued', () =>
    spec
      .given([terms(), received('P0', 30_00, '2026-11-01', 30_00), received('P1', 20_00, '2026-11-02', 20_00)])
      .when({ type: 'IssueInvoice', accountId: A, orderId: 'O3', currency: 'EUR', deliveredOn: '2026-11-10', lines: [{ description: 'goods', quantity: 1, unitPriceMinor: 40_00, taxRateBp: 0 }] })
      .then([
        issued('O3', 40_00, '2026-11-10', '2026-12-10'),
        applied('P0', 'INV-O3', 30_00, '2026-11-10', '2026-11-01', 10_00),
        applied('P1', 'INV-O3', 10_00, '2026-11-10', '2026-11-02', 0),
        paid('INV-O3', '2026-11-10', '2026-12-10', -30),
      ]));
  it('a repeated payment id is a no-op', () =>
    spec.given([...twoInvoices, received('P1', 30_00, '2026-11-05', 0), applied('P1', 'INV-O1', 30_00, '2026-11-05', '2026-11-05', 70_00)]).when(pay('P1', 30_00, '2026-11-05')).then([]));
  it('refuses a payment in another currency, naming the field', () =>
    spec.given(twoInvoices).when({ ...(pay('P1', 1, '2026-11-05') as Extract<LedgerCommand, { type: 'ReceivePayment' }>), currency: 'GBP' }).thenFails('invoicing.currency_mismatch', 'currency'));
});

describe('ledger: reversals', () => {
  const afterPartial: LedgerEvent[] = [
    ...twoInvoices,
    received('P1', 120_00, '2026-11-05', 0),
    applied('P1', 'INV-O1', 100_00, '2026-11-05', '2026-11-05', 0),
    paid('INV-O1', '2026-11-05', '2026-11-01', 4),
    applied('P1', 'INV-O2', 20_00, '2026-11-05', '2026-11-05', 30_00),
  ];
  it('reopens exactly what the payment paid, invoice by invoice, after a partial payment', () =>
    spec
      .given(afterPartial)
      .when({ type: 'ReversePayment', accountId: A, paymentId: 'P1', reason: 'direct_debit_bounced', reversedOn: '2026-11-08' })
      .then([
        { type: 'PaymentReversed', data: { paymentId: 'P1', accountId: A, amountMinor: 120_00, currency: 'EUR', reason: 'direct_debit_bounced', reversedOn: '2026-11-08', unappliedRemovedMinor: 0 } },
        { type: 'PaymentApplicationReversed', data: { paymentId: 'P1', invoiceId: 'INV-O1', accountId: A, amountMinor: 100_00, currency: 'EUR', reason: 'direct_debit_bounced', openAmountMinor: 100_00 } },
        { type: 'PaymentApplicationReversed', data: { paymentId: 'P1', invoiceId: 'INV-O2', accountId: A, amountMinor: 20_00, currency: 'EUR', reason: 'direct_debit_bounced', openAmountMinor: 50_00 } },
      ]));
  it('removes the unapplied part of an overpayment', () =>
    spec
      .given([terms(), received('P1', 30_00, '2026-11-01', 30_00)])
      .when({ type: 'ReversePayment', accountId: A, paymentId: 'P1', reason: 'chargeback', reversedOn: '2026-11-08' })
      .then([{ type: 'PaymentReversed', data: { paymentId: 'P1', accountId: A, amountMinor: 30_00, currency: 'EUR', reason: 'chargeback', reversedOn: '2026-11-08', unappliedRemovedMinor: 30_00 } }]));
  it('a second reversal of the same payment is a no-op', () => {
    const reversal: LedgerCommand = { type: 'ReversePayment', accountId: A, paymentId: 'P1', reason: 'chargeback', reversedOn: '2026-11-08' };
    const events = ledgerDecider.decide(reversal, afterPartial.reduce(ledgerDecider.evolve, ledgerDecider.initialState()));
    spec.given([...afterPartial, ...events]).when(reversal).then([]);
  });
  it('refuses to reverse a payment never received', () =>
    spec.given(twoInvoices).when({ type: 'ReversePayment', accountId: A, paymentId: 'nope', reason: 'chargeback', reversedOn: '2026-11-08' }).thenFails('invoicing.payment_unknown', 'paymentId'));
});

describe('ledger: credit notes and write-offs', () => {
  const creditNote = (amountMinor: number, creditNoteId = 'CN1'): LedgerCommand => ({ type: 'IssueCreditNote', accountId: A, invoiceId: 'INV-O1', creditNoteId, amountMinor, reason: 'damaged goods', on: '2026-11-10' });
  it('a partial credit note lowers the open amount', () =>
    spec
      .given(twoInvoices)
      .when(creditNote(40_00))
      .then([{ type: 'CreditNoteIssued', data: { creditNoteId: 'CN1', invoiceId: 'INV-O1', accountId: A, amountMinor: 40_00, currency: 'EUR', reason: 'damaged goods', issuedOn: '2026-11-10', openAmountMinor: 60_00 } }]));
  it('a full credit note closes the invoice', () =>
    spec
      .given(twoInvoices)
      .when(creditNote(100_00))
      .then([{ type: 'CreditNoteIssued', data: { creditNoteId: 'CN1', invoiceId: 'INV-O1', accountId: A, amountMinor: 100_00, currency: 'EUR', reason: 'damaged goods', issuedOn: '2026-11-10', openAmountMinor: 0 } }]));
  it('refuses a credit note larger than the open amount, naming amountMinor', () =>
    spec.given([...twoInvoices, received('P1', 70_00, '2026-11-05', 0), applied('P1', 'INV-O1', 70_00, '2026-11-05', '2026-11-05', 30_00)]).when(creditNote(30_01)).thenFails('invoicing.credit_note_exceeds_open_amount', 'amountMinor'));
  it('a repeated credit note id is a no-op; reused for another amount it is a conflict', () => {
    const given = [...twoInvoices, ...ledgerDecider.decide(creditNote(10_00), twoInvoices.reduce(ledgerDecider.evolve, ledgerDecider.initialState()))];
    spec.given(given).when(creditNote(10_00)).then([]);
    spec.given(given).when(creditNote(11_00)).thenFails('invoicing.credit_note_id_taken', 'creditNoteId');
  });
  it('refuses a credit note on an unknown invoice', () =>
    spec.given(twoInvoices).when({ ...(creditNote(1) as Extract<LedgerCommand, { type: 'IssueCreditNote' }>), invoiceId: 'INV-nope' }).thenFails('invoicing.invoice_unknown', 'invoiceId'));
  it('writes off the open amount', () =>
    spec
      .given([...twoInvoices, received('P1', 70_00, '2026-11-05', 0), applied('P1', 'INV-O1', 70_00, '2026-11-05', '2026-11-05', 30_00)])
      .when({ type: 'WriteOffInvoice', accountId: A, invoiceId: 'INV-O1', reason: 'insolvent', approvedBy: 'user:cfo', on: '2026-12-01' })
      .then([
        {
          type: 'InvoiceWrittenOff',
          data: { invoiceId: 'INV-O1', accountId: A, amountMinor: 30_00, currency: 'EUR', reason: 'insolvent', approvedBy: 'user:cfo', writtenOffOn: '2026-12-01', openAmountMinor: 0 },
        },
      ]));
  it('a written-off invoice written off again is a no-op; a paid one is refused', () => {
    const writeOff: LedgerCommand = { type: 'WriteOffInvoice', accountId: A, invoiceId: 'INV-O1', reason: 'insolvent', approvedBy: 'user:cfo', on: '2026-12-01' };
    const writtenOff: LedgerEvent = {
      type: 'InvoiceWrittenOff',
      data: { invoiceId: 'INV-O1', accountId: A, amountMinor: 100_00, currency: 'EUR', reason: 'insolvent', approvedBy: 'user:cfo', writtenOffOn: '2026-12-01', openAmountMinor: 0 },
    };
    spec.given([...twoInvoices, writtenOff]).when(writeOff).then([]);
    spec.given([...twoInvoices, received('P1', 100_00, '2026-11-05', 0), applied('P1', 'INV-O1', 100_00, '2026-11-05', '2026-11-05', 0)]).when(writeOff).thenFails('invoicing.invoice_not_open', 'invoiceId');
  });
});

describe('ledger: a corrected invoice (a dispute resolved by correcting the invoice, which is never edited)', () => {
  const vatInvoice: LedgerEventOf<'InvoiceIssued'> = {
    type: 'InvoiceIssued',
    data: {
      invoiceId: 'INV-O1',
      accountId: A,
      orderId: 'O1',
      currency: 'EUR',
      lines: [{ description: 'paper', quantity: 10, unitPriceMinor: 10_00, taxRateBp: 2000, netMinor: 100_00, taxMinor: 20_00 }],
      netMinor: 100_00,
      taxMinor: 20_00,
      totalMinor: 120_00,
      issuedOn: '2026-11-02',
      dueOn: '2026-12-02',
    },
  };
  const correct = (totalMinor: number, resolution = 1, currency = 'EUR'): LedgerCommand => ({
    type: 'CorrectInvoice',
    accountId: A,
    invoiceId: 'INV-O1',
    correctedInvoiceId: `INV-O1-C${resolution}`,
    creditNoteId: `CN-D-1-${resolution}`,
    correctedTotalMinor: totalMinor,
    currency,
    reason: 'dispute D-1: wrong unit price',
    on: '2026-11-20',
  });
  const correctedIssued = (invoiceId: string, corrects: string, net: number, tax: number, alreadyPaidMinor: number): LedgerEventOf<'InvoiceIssued'> => ({
    type: 'InvoiceIssued',
    data: {
      invoiceId,
      accountId: A,
      orderId: 'O1',
      currency: 'EUR',
      lines: [{ description: `corrected invoice, replaces ${corrects}`, quantity: 1, unitPriceMinor: net, taxRateBp: 2000, netMinor: net, taxMinor: tax }],
      netMinor: net,
      taxMinor: tax,
      totalMinor: net + tax,
      issuedOn: '2026-11-20',
      dueOn: '2026-12-20',
      correctsInvoiceId: corrects,
      alreadyPaidMinor,
    },
  });
  const credited = (creditNoteId: string, invoiceId: string, amountMinor: number, correctedBy: string): LedgerEvent => ({
    type: 'CreditNoteIssued',
    data: { creditNoteId, invoiceId, accountId: A, amountMinor, currency: 'EUR', reason: `dispute D-1: wrong unit price; replaced by ${correctedBy}`, issuedOn: '2026-11-20', openAmountMinor: 0 },
  });
  const stateAfter = (events: LedgerEvent[]) => events.reduce(ledgerDecider.evolve, ledgerDecider.initialState());

  it('given an unpaid invoice, when corrected, then a credit note cancels all of it and the corrected invoice is issued, due after the terms from its issue day, tax at the same rate', () => {
    spec.given([terms(), vatInvoice]).when(correct(108_00)).then([correctedIssued('INV-O1-C1', 'INV-O1', 90_00, 18_00, 0), credited('CN-D-1-1', 'INV-O1', 120_00, 'INV-O1-C1')]);
  });

  it('given a partly paid and partly credited invoice, then the payment moves to the corrected invoice and the credit note cancels what the invoice still bills', () => {
    const given = [terms(), vatInvoice, received('P1', 50_00, '2026-11-10', 0), applied('P1', 'INV-O1', 50_00, '2026-11-10', '2026-11-10', 70_00), {
      type: 'CreditNoteIssued',
      data: { creditNoteId: 'CN-X', invoiceId: 'INV-O1', accountId: A, amountMinor: 10_00, currency: 'EUR', reason: 'goodwill', issuedOn: '2026-11-12', openAmountMinor: 60_00 },
    } as LedgerEvent];
    const events = [
      correctedIssued('INV-O1-C1', 'INV-O1', 90_00, 18_00, 50_00),
      { type: 'PaymentsCarriedOver', data: { accountId: A, currency: 'EUR', fromInvoiceId: 'INV-O1', toInvoiceId: 'INV-O1-C1', carried: [{ paymentId: 'P1', amountMinor: 50_00, appliedMinor: 50_00 }] } } as LedgerEvent,
      credited('CN-D-1-1', 'INV-O1', 110_00, 'INV-O1-C1'),
    ];
    spec.given(given).when(correct(108_00)).then(events);
    const after = stateAfter([...given, ...events]);
    if (after.status !== 'Active') throw new Error('active ledger expected');
    expect(after.invoices.get('INV-O1')).toMatchObject({ openAmountMinor: 0, correctedBy: 'INV-O1-C1' });
    expect(after.invoices.get('INV-O1-C1')).toMatchObject({ totalMinor: 108_00, openAmountMinor: 58_00 });
    expect(after.payments.get('P1')?.applications).toEqual(new Map([['INV-O1', 0], ['INV-O1-C1', 50_00]]));
    expect(receivableMinor(after)).toBe(58_00);
  });

  it('given payments above the corrected total, then the excess is unapplied cash again (it pays the next invoice)', () => {
    const given = [terms(), vatInvoice, received('P1', 100_00, '2026-11-10', 0), applied('P1', 'INV-O1', 100_00, '2026-11-10', '2026-11-10', 20_00)];
    const events = ledgerDecider.decide(correct(80_00), stateAfter(given));
    expect(events).toEqual([
      correctedIssued('INV-O1-C1', 'INV-O1', 66_67, 13_33, 80_00),
      { type: 'PaymentsCarriedOver', data: { accountId: A, currency: 'EUR', fromInvoiceId: 'INV-O1', toInvoiceId: 'INV-O1-C1', carried: [{ paymentId: 'P1', amountMinor: 100_00, appliedMinor: 80_00 }] } },
      credited('CN-D-1-1', 'INV-O1', 120_00, 'INV-O1-C1'),
    ]);
    const after = stateAfter([...given, ...events]);
    expect(receivableMinor(after)).toBe(0);
    expect(unappliedCashMinor(after)).toBe(20_00);
  });

  it('a redelivered resolution issues nothing twice; a second correction (after a reopening) replaces the correction in force', () => {
    const first = [correctedIssued('INV-O1-C1', 'INV-O1', 90_00, 18_00, 0), credited('CN-D-1-1', 'INV-O1', 120_00, 'INV-O1-C1')];
    spec.given([terms(), vatInvoice, ...first]).when(correct(108_00)).then([]);
    spec.given([terms(), vatInvoice, ...first]).when(correct(99_00)).thenFails('invoicing.corrected_invoice_id_taken', 'correctedInvoiceId');
    const paidOnCorrection = [received('P1', 30_00, '2026-11-25', 0), applied('P1', 'INV-O1-C1', 30_00, '2026-11-25', '2026-11-25', 78_00)];
    spec.given([terms(), vatInvoice, ...first, ...paidOnCorrection]).when(correct(100_00, 2)).then([
      correctedIssued('INV-O1-C2', 'INV-O1-C1', 83_33, 16_67, 30_00),
      { type: 'PaymentsCarriedOver', data: { accountId: A, currency: 'EUR', fromInvoiceId: 'INV-O1-C1', toInvoiceId: 'INV-O1-C2', carried: [{ paymentId: 'P1', amountMinor: 30_00, appliedMinor: 30_00 }] } },
      credited('CN-D-1-2', 'INV-O1-C1', 108_00, 'INV-O1-C2'),
    ]);
  });

  it('a credit note asked on the replaced invoice (a reopened dispute resolved by a credit) goes to the correction in force', () => {
    const first = [correctedIssued('INV-O1-C1', 'INV-O1', 90_00, 18_00, 0), credited('CN-D-1-1', 'INV-O1', 120_00, 'INV-O1-C1')];
    const credit: LedgerCommand = { type: 'IssueCreditNote', accountId: A, invoiceId: 'INV-O1', creditNoteId: 'CN-D-1-2', amountMinor: 8_00, reason: 'freight', on: '2026-11-25' };
    const issuedCredit: LedgerEvent = {
      type: 'CreditNoteIssued',
      data: { creditNoteId: 'CN-D-1-2', invoiceId: 'INV-O1-C1', accountId: A, amountMinor: 8_00, currency: 'EUR', reason: 'freight', issuedOn: '2026-11-25', openAmountMinor: 100_00 },
    };
    spec.given([terms(), vatInvoice, ...first]).when(credit).then([issuedCredit]);
    spec.given([terms(), vatInvoice, ...first, issuedCredit]).when(credit).then([]);
  });

  it('unapplied cash pays the corrected invoice like any new invoice', () => {
    const given = [terms(), vatInvoice, received('P9', 10_00, '2026-11-05', 10_00)];
    const events = ledgerDecider.decide(correct(108_00), stateAfter(given));
    expect(events.slice(2)).toEqual([applied('P9', 'INV-O1-C1', 10_00, '2026-11-20', '2026-11-05', 98_00)]);
  });

  it('refuses a corrected total that is not a positive integer, another currency, an unknown or written-off invoice, and records nothing', () => {
    spec.given([terms(), vatInvoice]).when(correct(108.5)).thenFails('invoicing.bad_amount', 'correctedTotalMinor');
    spec.given([terms(), vatInvoice]).when(correct(0)).thenFails('invoicing.bad_amount', 'correctedTotalMinor');
    spec.given([terms(), vatInvoice]).when(correct(108_00, 1, 'USD')).thenFails('invoicing.currency_mismatch', 'currency');
    spec.given([terms()]).when(correct(108_00)).thenFails('invoicing.invoice_unknown', 'invoiceId');
    const writtenOff: LedgerEvent = {
      type: 'InvoiceWrittenOff',
      data: { invoiceId: 'INV-O1', accountId: A, amountMinor: 120_00, currency: 'EUR', reason: 'r', approvedBy: 'cfo', writtenOffOn: '2026-11-15', openAmountMinor: 0 },
    };
    spec.given([terms(), vatInvoice, writtenOff]).when(correct(108_00)).thenFails('invoicing.invoice_written_off', 'invoiceId');
  });
});
