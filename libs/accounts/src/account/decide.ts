import { CONTACT_ROLES, CHANNELS, type ContactV1 } from '@o2c/contracts';
import { currencyOf, DomainException, domainError, getIn } from '@o2c/kernel';
import type { AccountCommand, AccountDeclaration } from './account.commands';
import type { AccountEvent, AccountEventOf, Exposure, ExposureSeen } from './account.events';
import { exposureOf, type AccountState, type OpenedAccount } from './account.state';
import { hasId } from './closed-ids';
import { checkSiren, checkSiret } from './company-id';
import { DEFAULT_CREDIT_LIMIT_POLICY, openingCreditLimit, type CreditLimitPolicy } from './credit-limit.policy';
import { evolve } from './evolve';
import { assessRisk, DEFAULT_RISK_POLICY, type RiskPolicy } from './risk';

/** The accounts context's configurable rules (README): the opening credit limit and the risk thresholds. */
export interface AccountsPolicy {
  readonly creditLimit: CreditLimitPolicy;
  readonly risk: RiskPolicy;
}

export const DEFAULT_ACCOUNTS_POLICY: AccountsPolicy = { creditLimit: DEFAULT_CREDIT_LIMIT_POLICY, risk: DEFAULT_RISK_POLICY };

/** Who releases an order that fits within its limit. */
export const AUTOMATIC_RELEASE = 'automatic';
export const MAX_PAYMENT_TERMS_DAYS = 365;

const invalid = (code: string, field: string, message: string) => new DomainException(domainError('validation', code, message, { field }));

function opened(state: AccountState): OpenedAccount {
  if (state.status !== 'Open') throw new DomainException(domainError('not_found', 'account.not_found', 'no account is open under this id', { field: 'accountId' }));
  return state;
}

function requireReason(reason: string): string {
  const trimmed = reason?.trim() ?? '';
  if (!trimmed) throw invalid('account.reason_required', 'reason', 'a reason is required');
  if (trimmed.length > 500) throw invalid('account.reason_too_long', 'reason', 'reason must be at most 500 characters');
  return trimmed;
}

function requireMinorUnits(value: number, field: string, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum) throw invalid('account.invalid_amount', field, `${field} must be an integer number of minor units >= ${minimum}, got ${value}`);
  return value;
}

function requirePaymentTerms(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > MAX_PAYMENT_TERMS_DAYS) {
    throw invalid('account.invalid_payment_terms', 'paymentTermsDays', `paymentTermsDays must be an integer from 0 to ${MAX_PAYMENT_TERMS_DAYS}, got ${days}`);
  }
  return days;
}

/**
 * SIREN/SIRET rule: a French (country FR) b2b account must give its SIREN or
 * a SIRET (whose first 9 digits are the SIREN); for anyone else they are
 * optional, but when given they must be well formed and pass the Luhn key.
 */
function companyIds(d: AccountDeclaration, country: string): { siren?: string; siret?: string } {
  const siren = d.siren === undefined || d.siren === '' ? undefined : checkSiren(d.siren);
  const siret = d.siret === undefined || d.siret === '' ? undefined : checkSiret(d.siret);
  if (siren && siret && !siret.startsWith(siren)) throw invalid('account.siret_siren_mismatch', 'siret', `siret ${siret} does not belong to siren ${siren} (its first 9 digits differ)`);
  const derived = siren ?? siret?.slice(0, 9);
  if (!derived && d.kind === 'b2b' && country === 'FR') throw invalid('account.siren_required', 'siren', 'a French b2b account needs its siren (or a siret)');
  return { ...(derived ? { siren: derived } : {}), ...(siret ? { siret } : {}) };
}

function contactsOf(declared: AccountDeclaration['contacts']): ContactV1[] {
  if (!declared || declared.length === 0) throw invalid('account.contact_required', 'contacts', 'at least one contact is required');
  const ids = new Set<string>();
  return declared.map((c, i) => {
    const field = `contacts[${i}]`;
    if (!c.name?.trim()) throw invalid('account.invalid_contact', `${field}.name`, 'a contact needs a name');
    if (!CONTACT_ROLES.includes(c.role)) throw invalid('account.invalid_contact', `${field}.role`, `role must be one of ${CONTACT_ROLES.join(', ')}`);
    if (!CHANNELS.includes(c.preferredChannel)) throw invalid('account.invalid_contact', `${field}.preferredChannel`, `preferredChannel must be one of ${CHANNELS.join(', ')}`);
    if (c.preferredChannel === 'email' && !c.email) throw invalid('account.invalid_contact', `${field}.email`, 'a contact reached by email needs an email address');
    if (['sms', 'phone', 'voicemail'].includes(c.preferredChannel) && !c.phone) {
      throw invalid('account.invalid_contact', `${field}.phone`, `a contact reached by ${c.preferredChannel} needs a phone number`);
    }
    const contactId = c.contactId ?? `contact-${i + 1}`;
    if (ids.has(contactId)) throw invalid('account.invalid_contact', `${field}.contactId`, `contactId "${contactId}" is used twice`);
    ids.add(contactId);
    return {
      contactId,
      name: c.name.trim(),
      role: c.role,
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
      preferredChannel: c.preferredChannel,
    };
  });
}

function openAccount(command: Extract<AccountCommand, { type: 'OpenAccount' }>, state: AccountState, policy: AccountsPolicy): AccountEvent[] {
  const d = command.declaration;
  if (state.status !== 'Empty') throw new DomainException(domainError('conflict', 'account.already_opened', `account ${d.accountId} is already open`, { field: 'accountId' }));
  const legalName = d.legalName?.trim();
  if (!legalName) throw invalid('account.legal_name_required', 'legalName', 'legalName is required');
  const country = d.country ?? 'FR';
  if (!/^[A-Z]{2}$/.test(country)) throw invalid('account.invalid_country', 'country', `country must be an ISO 3166-1 alpha-2 code such as FR, got "${country}"`);
  const ids = companyIds(d, country);
  if (!currencyOf(d.currency)) throw invalid('account.invalid_currency', 'currency', `unknown ISO 4217 currency "${d.currency}"`);
  const paymentTermsDays = requirePaymentTerms(d.paymentTermsDays);
  if (d.declaredAnnualRevenueMinor !== undefined) requireMinorUnits(d.declaredAnnualRevenueMinor, 'declaredAnnualRevenueMinor', 0);
  if (d.expectedMonthlyVolumeMinor !== undefined) requireMinorUnits(d.expectedMonthlyVolumeMinor, 'expectedMonthlyVolumeMinor', 0);
  const contacts = contactsOf(d.contacts);
  const { creditLimitMinor, basis } = openingCreditLimit({ ...d, paymentTermsDays }, policy.creditLimit);
  return [
    {
      type: 'AccountOpened',
      schemaVersion: 2,
      data: {
        accountId: d.accountId,
        legalName,
        kind: d.kind,
        segment: d.segment,
        country,
        ...ids,
        currency: d.currency,
        paymentTermsDays,
        creditLimitMinor,
        creditLimitBasis: basis,
        contacts,
        ...(d.region ? { region: d.region } : {}),
        ...(d.declaredAnnualRevenueMinor !== undefined ? { declaredAnnualRevenueMinor: d.declaredAnnualRevenueMinor } : {}),
        ...(d.expectedMonthlyVolumeMinor !== undefined ? { expectedMonthlyVolumeMinor: d.expectedMonthlyVolumeMinor } : {}),
        openedAt: command.now,
        openedBy: command.actor,
      },
    },
  ];
}

/** The exposure a credit decision sees for an order: in the account's currency, this order included. */
function exposureSeen(account: OpenedAccount, amountMinor: number, currency: string): ExposureSeen {
  const e = exposureOf(account);
  const sameCurrency = currency === account.currency;
  return { ...e, orderMinor: amountMinor, totalMinor: e.receivablesMinor + e.uninvoicedOrdersMinor + (sameCurrency ? amountMinor : 0) };
}

/** Fills `exposureAfter` from the state the event leads to (evolve does not read it). */
function withExposureAfter<E extends AccountEvent & { data: { exposureAfter: Exposure } }>(account: OpenedAccount, event: E): E {
  const next = evolve(account, event) as OpenedAccount;
  return { ...event, data: { ...event.data, exposureAfter: exposureOf(next) } };
}

const NO_EXPOSURE: Exposure = { receivablesMinor: 0, uninvoicedOrdersMinor: 0 };

function heldOrder(account: OpenedAccount, orderId: string) {
  const order = getIn(account.orders, orderId);
  const notHeld = (status: string) =>
    new DomainException(domainError('conflict', 'credit.order_not_held', `order ${orderId} is ${status}, not held: only a held order can be approved or rejected`, { field: 'orderId' }));
  if (order?.status === 'held') return order;
  if (order) throw notHeld(order.status);
  if (hasId(account.closedOrders, orderId)) throw notHeld('closed (rejected, cancelled or invoiced)');
  throw new DomainException(domainError('not_found', 'credit.order_not_found', `no order ${orderId} on account ${account.accountId}`, { field: 'orderId' }));
}

/** Appends RiskClassChanged when the behaviour the new events leave behind puts the account in another class. */
function reassessed(account: OpenedAccount, events: AccountEvent[], now: string, policy: AccountsPolicy): AccountEvent[] {
  const next = events.reduce<AccountState>(evolve, account) as OpenedAccount;
  const assessment = assessRisk(next.behaviour, now, policy.risk);
  if (assessment.riskClass === account.risk.riskClass) return events;
  return [
    ...events,
    {
      type: 'RiskClassChanged',
      data: { accountId: account.accountId, riskClass: assessment.riskClass, previous: account.risk.riskClass, reasons: [...assessment.reasons], measures: assessment.measures },
    },
  ];
}

/** Pure: the command and the current state in, the new events out; a refusal is a thrown DomainException. */
export function decide(command: AccountCommand, state: AccountState, policy: AccountsPolicy = DEFAULT_ACCOUNTS_POLICY): AccountEvent[] {
  switch (command.type) {
    case 'OpenAccount':
      return openAccount(command, state, policy);

    case 'ChangeCreditLimit': {
      const account = opened(state);
      const creditLimitMinor = requireMinorUnits(command.creditLimitMinor, 'creditLimitMinor', 0);
      const reason = requireReason(command.reason);
      if (creditLimitMinor === account.creditLimitMinor) return [];
      return [
        {
          type: 'CreditLimitChanged',
          data: { accountId: account.accountId, creditLimitMinor, previous: account.creditLimitMinor, currency: account.currency, reason, changedBy: command.actor },
        },
      ];
    }

    case 'ChangeSegment': {
      const account = opened(state);
      const reason = requireReason(command.reason);
      if (command.segment === account.segment) return [];
      return [{ type: 'AccountSegmentChanged', data: { accountId: account.accountId, segment: command.segment, previous: account.segment, reason, changedBy: command.actor } }];
    }

    case 'ChangePaymentTerms': {
      const account = opened(state);
      const paymentTermsDays = requirePaymentTerms(command.paymentTermsDays);
      const reason = requireReason(command.reason);
      if (paymentTermsDays === account.paymentTermsDays) return [];
      return [{ type: 'PaymentTermsChanged', data: { accountId: account.accountId, paymentTermsDays, previous: account.paymentTermsDays, reason, changedBy: command.actor } }];
    }

    case 'CheckOrderCredit': {
      const account = opened(state);
      if (getIn(account.orders, command.orderId) || hasId(account.closedOrders, command.orderId)) return []; // one decision per order
      const amountMinor = requireMinorUnits(command.amountMinor, 'amountMinor', 1);
      const exposure = exposureSeen(account, amountMinor, command.currency);
      const base = { accountId: account.accountId, orderId: command.orderId, amountMinor, currency: command.currency, placedAt: command.placedAt, exposure, creditLimitMinor: account.creditLimitMinor };
      // A currency the exposure cannot be summed in is a credit manager's call, never an automatic release.
      if (command.currency !== account.currency) return [{ type: 'OrderCreditHeld', data: { ...base, holdReason: 'currency_mismatch' } }];
      if (exposure.totalMinor <= account.creditLimitMinor) {
        return [withExposureAfter(account, { type: 'OrderCreditReleased', data: { ...base, releasedBy: AUTOMATIC_RELEASE, exposureAfter: NO_EXPOSURE } })];
      }
      return [{ type: 'OrderCreditHeld', data: { ...base, holdReason: 'over_limit' } }];
    }

    case 'ApproveHeldOrder': {
      const account = opened(state);
      const order = heldOrder(account, command.orderId);
      const reason = requireReason(command.reason);
      const released: AccountEventOf<'OrderCreditReleased'> = {
        type: 'OrderCreditReleased',
        data: {
          accountId: account.accountId,
          orderId: order.orderId,
          amountMinor: order.amountMinor,
          currency: order.currency,
          placedAt: order.placedAt ?? '',
          exposure: exposureSeen(account, order.amountMinor, order.currency),
          creditLimitMinor: account.creditLimitMinor,
          releasedBy: command.actor,
          reason,
          exposureAfter: NO_EXPOSURE,
        },
      };
      return [withExposureAfter(account, released)];
    }

    case 'RejectHeldOrder': {
      const account = opened(state);
      const order = heldOrder(account, command.orderId);
      const reason = requireReason(command.reason);
      return [
        withExposureAfter(account, {
          type: 'OrderCreditRejected',
          data: { accountId: account.accountId, orderId: order.orderId, amountMinor: order.amountMinor, currency: order.currency, reason, rejectedBy: command.actor, exposureAfter: NO_EXPOSURE },
        }),
      ];
    }

    case 'CancelOrder': {
      const account = opened(state);
      const order = getIn(account.orders, command.orderId);
      if (!order && hasId(account.closedOrders, command.orderId)) return []; // invoiced (invoicing credits it), rejected or cancelled already
      return [
        withExposureAfter(account, {
          type: 'OrderCancelled',
          data: {
            accountId: account.accountId,
            orderId: command.orderId,
            reason: requireReason(command.reason),
            ...(order ? { previousStatus: order.status } : {}),
            amountMinor: order?.amountMinor ?? 0,
            exposureAfter: NO_EXPOSURE,
          },
        }),
      ];
    }

    case 'RecordInvoiceIssued': {
      const account = opened(state);
      if (getIn(account.receivables, command.invoiceId)) return [];
      const order = getIn(account.orders, command.orderId);
      const moved = order?.status === 'released' && order.currency === account.currency ? order.amountMinor : 0;
      const events: AccountEvent[] = [
        withExposureAfter(account, {
          type: 'ReceivableOpened',
          data: {
            accountId: account.accountId,
            invoiceId: command.invoiceId,
            orderId: command.orderId,
            currency: command.currency,
            totalMinor: command.totalMinor,
            openAmountMinor: command.openAmountMinor,
            issuedOn: command.issuedOn,
            dueOn: command.dueOn,
            orderAmountMovedMinor: moved,
            exposureAfter: NO_EXPOSURE,
          },
        }),
      ];
      return reassessed(account, events, command.at, policy);
    }

    case 'RecordReceivableChange': {
      const account = opened(state);
      const previous = getIn(account.receivables, command.invoiceId)?.openAmountMinor ?? 0;
      const events: AccountEvent[] = [
        withExposureAfter(account, {
          type: 'ReceivableChanged',
          data: {
            accountId: account.accountId,
            invoiceId: command.invoiceId,
            cause: command.cause,
            amountMinor: command.amountMinor,
            currency: command.currency,
            ...(command.reference ? { reference: command.reference } : {}),
            openAmountMinor: command.openAmountMinor,
            previousOpenAmountMinor: previous,
            at: command.at,
            exposureAfter: NO_EXPOSURE,
          },
        }),
      ];
      return reassessed(account, events, command.at, policy);
    }

    case 'RecordInvoicePaid': {
      const account = opened(state);
      const events: AccountEvent[] = [
        { type: 'InvoicePaidRecorded', data: { accountId: account.accountId, invoiceId: command.invoiceId, paidOn: command.paidOn, dueOn: command.dueOn, daysLate: command.daysLate } },
      ];
      return reassessed(account, events, command.at, policy);
    }

    case 'RecordBehaviourSignal': {
      const account = opened(state);
      const open = account.behaviour.openDisputes.includes(command.reference);
      if ((command.signal === 'dispute_opened' && open) || (command.signal === 'dispute_closed' && !open)) return [];
      const events: AccountEvent[] = [{ type: 'BehaviourSignalRecorded', data: { accountId: account.accountId, signal: command.signal, reference: command.reference, at: command.at } }];
      return reassessed(account, events, command.at, policy);
    }

    default: {
      const unknown: never = command;
      throw new Error(`unknown account command ${JSON.stringify(unknown)}`);
    }
  }
}
