/**
 * What the accounts context publishes (topic `o2c.accounts.events`, key: the
 * account id). Amounts are integer minor units with the account's currency.
 */
export const ACCOUNT_KINDS = ['b2b', 'b2c', 'public_body'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const SEGMENTS = ['new', 'strategic', 'standard', 'small_amounts', 'repeat_late_payer', 'sure_not_to_pay'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const CONTACT_ROLES = ['accountant', 'buyer', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CHANNELS = ['email', 'sms', 'phone', 'letter', 'voicemail'] as const;
export type Channel = (typeof CHANNELS)[number];

export const RISK_CLASSES = ['low', 'medium', 'high', 'critical'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export interface ContactV1 {
  readonly contactId: string;
  readonly name: string;
  readonly role: ContactRole;
  readonly email?: string;
  readonly phone?: string;
  readonly preferredChannel: Channel;
}

export interface AccountOpenedV1 {
  readonly accountId: string;
  readonly legalName: string;
  readonly kind: AccountKind;
  readonly segment: Segment;
  readonly siren?: string;
  readonly siret?: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly creditLimitMinor: number;
  readonly contacts: readonly ContactV1[];
  readonly region?: string;
  readonly openedAt: string;
  /** ISO 3166-1 alpha-2 (added, optional: absent means FR). */
  readonly country?: string;
}

/**
 * Version 2 of AccountOpened: `country` is always given (ISO 3166-1 alpha-2).
 * A version 1 message is read as version 2 by `PUBLISHED_UPCASTERS`, an absent
 * country becoming FR, as version 1 documented.
 */
export interface AccountOpenedV2 extends Omit<AccountOpenedV1, 'country'> {
  readonly country: string;
}

export interface AccountSegmentChangedV1 {
  readonly accountId: string;
  readonly segment: Segment;
  readonly reason: string;
}

export interface PaymentTermsChangedV1 {
  readonly accountId: string;
  readonly paymentTermsDays: number;
  readonly reason: string;
}

export interface CreditLimitChangedV1 {
  readonly accountId: string;
  readonly creditLimitMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly changedBy: string;
}

/** The credit check's outcome for an order; `exposureMinor` is what the decision saw, this order included. */
export interface OrderCreditReleasedV1 {
  readonly accountId: string;
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly exposureMinor: number;
  readonly creditLimitMinor: number;
  /** The breakdown of `exposureMinor` apart from this order (added, optional). */
  readonly receivablesMinor?: number;
  readonly uninvoicedOrdersMinor?: number;
  /** `automatic` (within the limit) or the credit manager who approved a held order. */
  readonly releasedBy: string;
}

export interface OrderCreditHeldV1 {
  readonly accountId: string;
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly exposureMinor: number;
  readonly creditLimitMinor: number;
  /** The breakdown of `exposureMinor` apart from this order (added, optional). */
  readonly receivablesMinor?: number;
  readonly uninvoicedOrdersMinor?: number;
  /** `over_limit`, or `currency_mismatch` when the order's currency is not the account's (added, optional). */
  readonly holdReason?: string;
}

export interface OrderCreditRejectedV1 {
  readonly accountId: string;
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly rejectedBy: string;
}

export interface RiskClassChangedV1 {
  readonly accountId: string;
  readonly riskClass: RiskClass;
  readonly previous: RiskClass;
  readonly reasons: readonly string[];
}

export interface AccountsPublishedEvents {
  AccountOpened: AccountOpenedV2;
  AccountSegmentChanged: AccountSegmentChangedV1;
  PaymentTermsChanged: PaymentTermsChangedV1;
  CreditLimitChanged: CreditLimitChangedV1;
  OrderCreditReleased: OrderCreditReleasedV1;
  OrderCreditHeld: OrderCreditHeldV1;
  OrderCreditRejected: OrderCreditRejectedV1;
  RiskClassChanged: RiskClassChangedV1;
}
export type AccountsPublishedEventType = keyof AccountsPublishedEvents;
