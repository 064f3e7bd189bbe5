import 'reflect-metadata'; // @o2c/contracts carries class-validator classes (ingress) whose decorators need it
import { deciderSpec } from '@o2c/kernel/testing';
import type { AccountCommand, AccountDeclaration } from './account.commands';
import { accountDecider } from './account.decider';
import type { AccountEvent, AccountEventOf } from './account.events';
import { decide } from './decide';
import { evolve } from './evolve';
import { exposureOf, type AccountState, type OpenedAccount } from './account.state';

const spec = deciderSpec(accountDecider());
const NOW = '2026-11-25T09:00:00.000Z';

const declaration: AccountDeclaration = {
  accountId: 'ACME',
  legalName: 'Acme Fournitures SAS',
  kind: 'b2b',
  segment: 'standard',
  siren: '552 100 554',
  currency: 'EUR',
  paymentTermsDays: 30,
  contacts: [
    { name: 'Claire Compta', role: 'accountant', email: 'compta@acme.example', preferredChannel: 'email' },
    { name: 'Bruno Achats', role: 'buyer', phone: '+33100000000', preferredChannel: 'phone' },
  ],
};

const opened = (creditLimitMinor = 1_000_00): AccountEventOf<'AccountOpened'> => ({
  type: 'AccountOpened',
  data: {
    accountId: 'ACME',
    legalName: 'Acme Fournitures SAS',
    kind: 'b2b',
    segment: 'standard',
    country: 'FR',
    siren: '552100554',
    currency: 'EUR',
    paymentTermsDays: 30,
    creditLimitMinor,
    creditLimitBasis: { rule: 'opening_policy', baseMinor: creditLimitMinor, segmentFactorPercent: 100 },
    contacts: [{ contactId: 'contact-1', name: 'Claire Compta', role: 'accountant', email: 'compta@acme.example', preferredChannel: 'email' }],
    openedAt: NOW,
    openedBy: 'user:cm-1',
  },
});

const exposure = (receivablesMinor: number, uninvoicedOrdersMinor: number) => ({ receivablesMinor, uninvoicedOrdersMinor });
const seen = (receivablesMinor: number, uninvoicedOrdersMinor: number, orderMinor: number) => ({
  receivablesMinor,
  uninvoicedOrdersMinor,
  orderMinor,
  totalMinor: receivablesMinor + uninvoicedOrdersMinor + orderMinor,
});

const check = (orderId: string, amountMinor: number, currency = 'EUR'): AccountCommand => ({ type: 'CheckOrderCredit', orderId, amountMinor, currency, placedAt: NOW });

const released = (orderId: string, amountMinor: number, before: { r: number; u: number }, limit = 1_000_00): AccountEventOf<'OrderCreditReleased'> => ({
  type: 'OrderCreditReleased',
  data: {
    accountId: 'ACME',
    orderId,
    amountMinor,
    currency: 'EUR',
    placedAt: NOW,
    exposure: seen(before.r, before.u, amountMinor),
    creditLimitMinor: limit,
    releasedBy: 'automatic',
    exposureAfter: exposure(before.r, before.u + amountMinor),
  },
});

const held = (orderId: string, amountMinor: number, before: { r: number; u: number }, limit = 1_000_00): AccountEventOf<'OrderCreditHeld'> => ({
  type: 'OrderCreditHeld',
  data: { accountId: 'ACME', orderId, amountMinor, currency: 'EUR', placedAt: NOW, exposure: seen(before.r, before.u, amountMinor), creditLimitMinor: limit, holdReason: 'over_limit' },
});

const invoiceIssued = (invoiceId: string, orderId: string, totalMinor: number): AccountCommand => ({
  type: 'RecordInvoiceIssued',
  invoiceId,
  orderId,
  currency: 'EUR',
  totalMinor,
  openAmountMinor: totalMinor,
  issuedOn: '2026-11-26',
  dueOn: '2026-12-26',
  at: NOW,
});

const fold = (events: readonly AccountEvent[]): AccountState => events.reduce<AccountState>(evolve, { status: 'Empty' });
const play = (given: readonly AccountEvent[], ...commands: AccountCommand[]): AccountEvent[] => {
  const events = [...given];
  for (const command of commands) events.push(...decide(command, fold(events)));
  return events;
};

describe('OpenAccount', () => {
  it('opens with the declared data and a theoretical limit from the opening rule', () => {
    const [event] = decide({ type: 'OpenAccount', declaration, now: NOW, actor: 'user:cm-1' }, { status: 'Empty' }) as AccountEventOf<'AccountOpened'>[];
    expect(event.type).toBe('AccountOpened');
    expect(event.data).toMatchObject({
      accountId: 'ACME',
      siren: '552100554',
      country: 'FR',
      creditLimitMinor: 10_000_00,
      creditLimitBasis: { rule: 'opening_policy', baseMinor: 10_000_00, segmentFactorPercent: 100 },
      openedAt: NOW,
      openedBy: 'user:cm-1',
    });
    expect(event.data.contacts.map((c) => [c.contactId, c.role, c.preferredChannel])).toEqual([
      ['contact-1', 'accountant', 'email'],
      ['contact-2', 'buyer', 'phone'],
    ]);
  });

  it('takes the SIREN from a SIRET when only the SIRET is given', () => {
    const [event] = decide({ type: 'OpenAccount', declaration: { ...declaration, siren: undefined, siret: '55210055400013' }, now: NOW, actor: 'u' }, { status: 'Empty' });
    expect(event.data).toMatchObject({ siren: '552100554', siret: '55210055400013' });
  });

  it('gives a sure_not_to_pay account a zero limit', () => {
    const [event] = decide({ type: 'OpenAccount', declaration: { ...declaration, segment: 'sure_not_to_pay' }, now: NOW, actor: 'u' }, { status: 'Empty' });
    expect(event.data).toMatchObject({ creditLimitMinor: 0 });
  });

  const open = (overrides: Partial<AccountDeclaration>) => spec.given([]).when({ type: 'OpenAccount', declaration: { ...declaration, ...overrides }, now: NOW, actor: 'u' });
  it('refuses a SIREN of the wrong length, naming siren', () => open({ siren: '55210055' }).thenFails('account.invalid_siren', 'siren'));
  it('refuses a SIREN with a bad Luhn key, naming siren', () => open({ siren: '552100555' }).thenFails('account.invalid_siren', 'siren'));
  it('refuses a SIRET of the wrong length, naming siret', () => open({ siret: '5521005540001' }).thenFails('account.invalid_siret', 'siret'));
  it('refuses a SIRET with a bad Luhn key, naming siret', () => open({ siret: '55210055400014' }).thenFails('account.invalid_siret', 'siret'));
  it('refuses a SIRET of another company than the SIREN, naming siret', () => open({ siret: '73282932000074' }).thenFails('account.siret_siren_mismatch', 'siret'));
  it('requires a SIREN or SIRET for a French b2b account', () => open({ siren: undefined }).thenFails('account.siren_required', 'siren'));
  it('does not require one for b2c, or for b2b outside France', () => {
    expect(decide({ type: 'OpenAccount', declaration: { ...declaration, kind: 'b2c', siren: undefined }, now: NOW, actor: 'u' }, { status: 'Empty' })).toHaveLength(1);
    expect(decide({ type: 'OpenAccount', declaration: { ...declaration, country: 'BE', siren: undefined }, now: NOW, actor: 'u' }, { status: 'Empty' })).toHaveLength(1);
  });
  it('still checks an optional SIREN when one is given', () => open({ kind: 'b2c', siren: '123456789' }).thenFails('account.invalid_siren', 'siren'));
  it('refuses an unknown currency', () => open({ currency: 'EUX' }).thenFails('account.invalid_currency', 'currency'));
  it('refuses payment terms out of range', () => open({ paymentTermsDays: 400 }).thenFails('account.invalid_payment_terms', 'paymentTermsDays'));
  it('refuses an account without contacts', () => open({ contacts: [] }).thenFails('account.contact_required', 'contacts'));
  it('refuses a contact reached by email without an address, naming it', () =>
    open({ contacts: [declaration.contacts[1], { name: 'X', role: 'accountant', preferredChannel: 'email' }] }).thenFails('account.invalid_contact', 'contacts[1].email'));
  it('refuses a contact reached by SMS without a phone', () => open({ contacts: [{ name: 'X', role: 'other', preferredChannel: 'sms' }] }).thenFails('account.invalid_contact', 'contacts[0].phone'));
  it('refuses a blank legal name', () => open({ legalName: '  ' }).thenFails('account.legal_name_required', 'legalName'));
  it('refuses to open an account twice', () => spec.given([opened()]).when({ type: 'OpenAccount', declaration, now: NOW, actor: 'u' }).thenFails('account.already_opened', 'accountId'));
});

describe('credit manager changes', () => {
  it('changes the credit limit with reason and actor', () =>
    spec
      .given([opened()])
      .when({ type: 'ChangeCreditLimit', creditLimitMinor: 5_000_00, reason: 'bank guarantee received', actor: 'user:cm-2' })
      .then([
        { type: 'CreditLimitChanged', data: { accountId: 'ACME', creditLimitMinor: 5_000_00, previous: 1_000_00, currency: 'EUR', reason: 'bank guarantee received', changedBy: 'user:cm-2' } },
      ]));
  it('a limit change needs a reason', () => spec.given([opened()]).when({ type: 'ChangeCreditLimit', creditLimitMinor: 1, reason: ' ', actor: 'u' }).thenFails('account.reason_required', 'reason'));
  it('refuses a negative or fractional limit', () => {
    spec.given([opened()]).when({ type: 'ChangeCreditLimit', creditLimitMinor: -1, reason: 'r', actor: 'u' }).thenFails('account.invalid_amount', 'creditLimitMinor');
    spec.given([opened()]).when({ type: 'ChangeCreditLimit', creditLimitMinor: 10.5, reason: 'r', actor: 'u' }).thenFails('account.invalid_amount', 'creditLimitMinor');
  });
  it('the same limit again changes nothing', () => spec.given([opened()]).when({ type: 'ChangeCreditLimit', creditLimitMinor: 1_000_00, reason: 'r', actor: 'u' }).then([]));
  it('changes the segment', () =>
    spec
      .given([opened()])
      .when({ type: 'ChangeSegment', segment: 'repeat_late_payer', reason: 'three late payments', actor: 'user:cm-1' })
      .then([{ type: 'AccountSegmentChanged', data: { accountId: 'ACME', segment: 'repeat_late_payer', previous: 'standard', reason: 'three late payments', changedBy: 'user:cm-1' } }]));
  it('changes the payment terms', () =>
    spec
      .given([opened()])
      .when({ type: 'ChangePaymentTerms', paymentTermsDays: 45, reason: 'negotiated', actor: 'user:cm-1' })
      .then([{ type: 'PaymentTermsChanged', data: { accountId: 'ACME', paymentTermsDays: 45, previous: 30, reason: 'negotiated', changedBy: 'user:cm-1' } }]));
  it('refuses changes on an account that is not open', () =>
    spec.given([]).when({ type: 'ChangeSegment', segment: 'new', reason: 'r', actor: 'u' }).thenFails('account.not_found', 'accountId'));
});

describe('credit check at every order', () => {
  it('releases an order that brings the exposure exactly to the limit', () =>
    spec
      .given([opened(1_000_00), released('O1', 400_00, { r: 0, u: 0 })])
      .when(check('O2', 600_00))
      .then([released('O2', 600_00, { r: 0, u: 400_00 })]));

  it('holds an order one cent over the limit, recording the exposure it saw', () =>
    spec
      .given([opened(1_000_00), released('O1', 400_00, { r: 0, u: 0 })])
      .when(check('O2', 600_01))
      .then([held('O2', 600_01, { r: 0, u: 400_00 })]));

  it('counts open receivables and uninvoiced orders in the exposure', () => {
    const events = play([opened(1_000_00)], check('O1', 300_00), invoiceIssued('INV-1', 'O1', 300_00), check('O2', 200_00), check('O3', 500_01));
    expect(events.at(-1)).toEqual(held('O3', 500_01, { r: 300_00, u: 200_00 }));
  });

  it('an order whose invoice arrives moves from uninvoiced to receivables: counted once', () => {
    const events = play([opened(1_000_00)], check('O1', 600_00), invoiceIssued('INV-1', 'O1', 600_00));
    const state = fold(events) as OpenedAccount;
    expect(exposureOf(state)).toEqual(exposure(600_00, 0));
    expect(events.at(-1)).toMatchObject({ type: 'ReceivableOpened', data: { orderAmountMovedMinor: 600_00, exposureAfter: exposure(600_00, 0) } });
    expect(decide(check('O2', 400_00), state)).toEqual([released('O2', 400_00, { r: 600_00, u: 0 })]);
    expect(decide(check('O2', 400_01), state)[0].type).toBe('OrderCreditHeld');
  });

  it('an order whose invoice came before its credit check is not counted on top of the invoice', () => {
    const events = play([opened(1_000_00)], invoiceIssued('INV-1', 'O1', 600_00));
    spec.given(events).when(check('O1', 600_00)).then([]);
    expect(exposureOf(fold(events) as OpenedAccount)).toEqual(exposure(600_00, 0));
  });

  it('an invoice delivered twice by invoicing is not counted twice', () => {
    const events = play([opened(1_000_00)], check('O1', 600_00), invoiceIssued('INV-1', 'O1', 600_00));
    spec.given(events).when(invoiceIssued('INV-1', 'O1', 600_00)).then([]);
  });

  it('payments lower the receivables; a reversal raises them again', () => {
    const events = play(
      [opened(1_000_00)],
      check('O1', 600_00),
      invoiceIssued('INV-1', 'O1', 600_00),
      { type: 'RecordReceivableChange', invoiceId: 'INV-1', cause: 'PaymentApplied', amountMinor: 600_00, currency: 'EUR', reference: 'P1', openAmountMinor: 0, at: NOW },
    );
    expect(exposureOf(fold(events) as OpenedAccount)).toEqual(exposure(0, 0));
    const reversed = play(events, { type: 'RecordReceivableChange', invoiceId: 'INV-1', cause: 'PaymentReversed', amountMinor: 600_00, currency: 'EUR', reference: 'P1', openAmountMinor: 600_00, at: NOW });
    expect(exposureOf(fold(reversed) as OpenedAccount)).toEqual(exposure(600_00, 0));
    expect(reversed.slice(events.length).map((e) => e.type)).toEqual(['ReceivableChanged', 'RiskClassChanged']);
  });

  it('a zero limit (sure_not_to_pay) holds every order', () => spec.given([opened(0)]).when(check('O1', 1)).then([held('O1', 1, { r: 0, u: 0 }, 0)]));

  it('holds an order in another currency for a credit manager', () => {
    const [event] = decide(check('O1', 10, 'USD'), fold([opened()]));
    expect(event).toMatchObject({ type: 'OrderCreditHeld', data: { holdReason: 'currency_mismatch', currency: 'USD' } });
  });

  it('decides once per order: a second check of the same order changes nothing', () => spec.given([opened(), released('O1', 10, { r: 0, u: 0 })]).when(check('O1', 10)).then([]));
  it('refuses an order for an account that is not open', () => spec.given([]).when(check('O1', 10)).thenFails('account.not_found', 'accountId'));
  it('refuses a non-positive amount', () => spec.given([opened()]).when(check('O1', 0)).thenFails('account.invalid_amount', 'amountMinor'));
});

describe('held orders: approve or reject', () => {
  const givenHeld = [opened(1_000_00), released('O1', 400_00, { r: 0, u: 0 }), held('O2', 700_00, { r: 0, u: 400_00 })];

  it('approval releases a held order, naming the credit manager and the exposure now', () =>
    spec
      .given(givenHeld)
      .when({ type: 'ApproveHeldOrder', orderId: 'O2', reason: 'long-standing customer', actor: 'user:cm-1' })
      .then([{ ...released('O2', 700_00, { r: 0, u: 400_00 }), data: { ...released('O2', 700_00, { r: 0, u: 400_00 }).data, releasedBy: 'user:cm-1', reason: 'long-standing customer' } }]));

  it('rejection records the reason and the credit manager', () =>
    spec
      .given(givenHeld)
      .when({ type: 'RejectHeldOrder', orderId: 'O2', reason: 'unpaid invoices', actor: 'user:cm-1' })
      .then([
        {
          type: 'OrderCreditRejected',
          data: { accountId: 'ACME', orderId: 'O2', amountMinor: 700_00, currency: 'EUR', reason: 'unpaid invoices', rejectedBy: 'user:cm-1', exposureAfter: exposure(0, 400_00) },
        },
      ]));

  it('only a held order can be approved', () =>
    spec.given(givenHeld).when({ type: 'ApproveHeldOrder', orderId: 'O1', reason: 'r', actor: 'u' }).thenFails('credit.order_not_held', 'orderId'));
  it('only a held order can be rejected', () =>
    spec.given(givenHeld).when({ type: 'RejectHeldOrder', orderId: 'O1', reason: 'r', actor: 'u' }).thenFails('credit.order_not_held', 'orderId'));
  it('an approved order cannot be approved again', () => {
    const events = play(givenHeld, { type: 'ApproveHeldOrder', orderId: 'O2', reason: 'ok', actor: 'u' });
    spec.given(events).when({ type: 'RejectHeldOrder', orderId: 'O2', reason: 'r', actor: 'u' }).thenFails('credit.order_not_held', 'orderId');
  });
  it('a rejected order is closed: placing it again decides nothing', () => {
    const events = play(givenHeld, { type: 'RejectHeldOrder', orderId: 'O2', reason: 'no', actor: 'u' });
    spec.given(events).when(check('O2', 700_00)).then([]);
  });
  it('an unknown order is not found', () =>
    spec.given(givenHeld).when({ type: 'ApproveHeldOrder', orderId: 'O9', reason: 'r', actor: 'u' }).thenFails('credit.order_not_found', 'orderId'));
  it('a decision needs a reason', () => spec.given(givenHeld).when({ type: 'RejectHeldOrder', orderId: 'O2', reason: '', actor: 'u' }).thenFails('account.reason_required', 'reason'));
});

describe('OrderCancelled', () => {
  it('removes a released order from the exposure', () =>
    spec
      .given([opened(), released('O1', 400_00, { r: 0, u: 0 })])
      .when({ type: 'CancelOrder', orderId: 'O1', reason: 'customer cancelled' })
      .then([{ type: 'OrderCancelled', data: { accountId: 'ACME', orderId: 'O1', reason: 'customer cancelled', previousStatus: 'released', amountMinor: 400_00, exposureAfter: exposure(0, 0) } }]));

  it('takes a held order off the queue', () => {
    const events = play([opened(100)], check('O1', 200), { type: 'CancelOrder', orderId: 'O1', reason: 'x' });
    expect(events.at(-1)).toMatchObject({ type: 'OrderCancelled', data: { previousStatus: 'held' } });
    spec.given(events).when({ type: 'ApproveHeldOrder', orderId: 'O1', reason: 'r', actor: 'u' }).thenFails('credit.order_not_held', 'orderId');
  });

  it('a cancellation before the order means the order is never checked', () => {
    const events = play([opened()], { type: 'CancelOrder', orderId: 'O1', reason: 'x' });
    spec.given(events).when(check('O1', 10)).then([]);
  });

  it('an invoiced order is not cancelled here (invoicing credits it)', () => {
    const events = play([opened()], check('O1', 10), invoiceIssued('INV-1', 'O1', 10));
    spec.given(events).when({ type: 'CancelOrder', orderId: 'O1', reason: 'x' }).then([]);
  });
});

describe('risk class from behaviour', () => {
  const paid = (invoiceId: string, daysLate: number): AccountCommand => ({ type: 'RecordInvoicePaid', invoiceId, paidOn: '2026-11-20', dueOn: '2026-11-01', daysLate, at: NOW });

  it('records a payment on time without changing the class', () =>
    spec
      .given([opened()])
      .when(paid('INV-1', -2))
      .then([{ type: 'InvoicePaidRecorded', data: { accountId: 'ACME', invoiceId: 'INV-1', paidOn: '2026-11-20', dueOn: '2026-11-01', daysLate: -2 } }]));

  it('a very late payment raises the class, with the reasons', () => {
    const events = decide(paid('INV-1', 45), fold([opened()]));
    expect(events[1]).toMatchObject({ type: 'RiskClassChanged', data: { riskClass: 'high', previous: 'low' } });
    expect((events[1] as AccountEventOf<'RiskClassChanged'>).data.reasons.join(' ')).toMatch(/on average 45 days late/);
  });

  it('falls back as on-time payments dilute the lateness', () => {
    const late = play([opened()], paid('I1', 15));
    expect(fold(late)).toMatchObject({ risk: { riskClass: 'medium' } });
    const later = play(late, ...Array.from({ length: 12 }, (_, i) => paid(`J${i}`, 0)));
    expect(fold(later)).toMatchObject({ risk: { riskClass: 'low' } });
    expect(later.filter((e) => e.type === 'RiskClassChanged').map((e) => (e as AccountEventOf<'RiskClassChanged'>).data.riskClass)).toEqual(['medium', 'low']);
  });

  it('broken promises and disputes (hooks for later contexts) count too', () => {
    const events = play(
      [opened()],
      { type: 'RecordBehaviourSignal', signal: 'promise_broken', reference: 'PTP-1', at: NOW },
      { type: 'RecordBehaviourSignal', signal: 'promise_broken', reference: 'PTP-2', at: NOW },
    );
    expect(fold(events)).toMatchObject({ risk: { riskClass: 'high' } });
    spec.given(events).when({ type: 'RecordBehaviourSignal', signal: 'dispute_closed', reference: 'D-1', at: NOW }).then([]);
  });
});
