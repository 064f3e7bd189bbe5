import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_KINDS, CHANNELS, CONTACT_ROLES, RISK_CLASSES, SEGMENTS, type AccountKind, type Channel, type ContactRole, type RiskClass, type Segment } from '@o2c/contracts';
import { exposureOf, heldOrdersOf, type OpenedAccount, type OrderCredit } from '../account/account.state';
import { valuesOf } from '@o2c/kernel';

export class ContactView {
  @ApiProperty() contactId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CONTACT_ROLES }) role!: ContactRole;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiProperty({ enum: CHANNELS }) preferredChannel!: Channel;
}

export class ExposureView {
  @ApiProperty({ description: 'open receivables (what invoicing says is still owed), minor units' }) receivablesMinor!: number;
  @ApiProperty({ description: 'orders released but not yet invoiced, minor units' }) uninvoicedOrdersMinor!: number;
  @ApiProperty({ description: 'receivables + uninvoiced orders' }) totalMinor!: number;
  @ApiProperty({ description: 'credit limit - total (negative: over the limit)' }) headroomMinor!: number;
}

export class OrderCreditView {
  @ApiProperty() accountId!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty({ enum: ['held', 'released', 'rejected'] }) status!: 'held' | 'released' | 'rejected';
  @ApiProperty() amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() placedAt?: string;
  @ApiPropertyOptional({ enum: ['over_limit', 'currency_mismatch'] }) holdReason?: string;
  @ApiPropertyOptional({ description: 'held orders: the exposure the credit check saw, this order included' }) exposureSeenMinor?: number;
  @ApiPropertyOptional({ description: 'held orders: the limit the credit check compared it with' }) creditLimitSeenMinor?: number;
}

export class ReceivableView {
  @ApiProperty() invoiceId!: string;
  @ApiPropertyOptional() orderId?: string;
  @ApiProperty() openAmountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() dueOn?: string;
}

export class AccountView {
  @ApiProperty() accountId!: string;
  @ApiProperty() legalName!: string;
  @ApiProperty({ enum: ACCOUNT_KINDS }) kind!: AccountKind;
  @ApiProperty({ enum: SEGMENTS }) segment!: Segment;
  @ApiProperty() country!: string;
  @ApiPropertyOptional() siren?: string;
  @ApiPropertyOptional() siret?: string;
  @ApiProperty() currency!: string;
  @ApiProperty() paymentTermsDays!: number;
  @ApiProperty() creditLimitMinor!: number;
  @ApiProperty({ type: ExposureView }) exposure!: ExposureView;
  @ApiProperty({ enum: RISK_CLASSES }) riskClass!: RiskClass;
  @ApiProperty({ type: [String] }) riskReasons!: string[];
  @ApiProperty({ type: [ContactView] }) contacts!: ContactView[];
  @ApiPropertyOptional() region?: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: [OrderCreditView], description: 'orders held for a credit decision' }) heldOrders!: OrderCreditView[];
  @ApiProperty({ type: [ReceivableView] }) openReceivables!: ReceivableView[];
  @ApiProperty({ description: 'the account stream revision this view reflects (decimal string)' }) revision!: string;
}

export function presentOrder(accountId: string, order: OrderCredit): OrderCreditView {
  return {
    accountId,
    orderId: order.orderId,
    status: order.status,
    amountMinor: order.amountMinor,
    currency: order.currency,
    ...(order.placedAt ? { placedAt: order.placedAt } : {}),
    ...(order.status === 'held'
      ? { holdReason: order.holdReason, exposureSeenMinor: order.exposure?.totalMinor, creditLimitSeenMinor: order.creditLimitMinor }
      : {}),
  };
}

export function presentAccount(account: OpenedAccount, revision: bigint | undefined): AccountView {
  const e = exposureOf(account);
  const total = e.receivablesMinor + e.uninvoicedOrdersMinor;
  return {
    accountId: account.accountId,
    legalName: account.legalName,
    kind: account.kind,
    segment: account.segment,
    country: account.country,
    ...(account.siren ? { siren: account.siren } : {}),
    ...(account.siret ? { siret: account.siret } : {}),
    currency: account.currency,
    paymentTermsDays: account.paymentTermsDays,
    creditLimitMinor: account.creditLimitMinor,
    exposure: { ...e, totalMinor: total, headroomMinor: account.creditLimitMinor - total },
    riskClass: account.risk.riskClass,
    riskReasons: [...account.risk.reasons],
    contacts: account.contacts.map((c) => ({ ...c })),
    ...(account.region ? { region: account.region } : {}),
    openedAt: account.openedAt,
    heldOrders: heldOrdersOf(account).map((o) => presentOrder(account.accountId, o)),
    openReceivables: valuesOf(account.receivables).map((r) => ({ ...r })),
    revision: revision?.toString() ?? '-1',
  };
}
