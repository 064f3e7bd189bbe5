import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/**
 * What internal services publish to us: on Kafka (topics below, JSON value)
 * or by HTTP (`POST /ingress/orders`, `POST /ingress/payments`), the same
 * envelope either way. `messageId` is the publisher's id: a message sent
 * twice has one effect.
 */
export const INGRESS_TOPICS = {
  orders: 'o2c.ingress.orders',
  payments: 'o2c.ingress.payments',
  deadLetters: 'o2c.ingress.dlq',
} as const;

export const ORDER_MESSAGE_TYPES = ['OrderPlaced', 'OrderCancelled', 'OrderDelivered'] as const;
export const PAYMENT_MESSAGE_TYPES = ['PaymentReceived', 'PaymentReversed'] as const;
export type OrderMessageType = (typeof ORDER_MESSAGE_TYPES)[number];
export type PaymentMessageType = (typeof PAYMENT_MESSAGE_TYPES)[number];
export type IngressMessageType = OrderMessageType | PaymentMessageType;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const ID_MESSAGE = 'must be 1-100 letters, digits, or _ . : - (starting with a letter or digit)';
const CURRENCY = /^[A-Z]{3}$/;

export class IngressEnvelope {
  @Matches(ID, { message: `messageId ${ID_MESSAGE}` })
  messageId!: string;

  @IsString()
  @IsNotEmpty()
  type!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  schemaVersion?: number;

  @IsObject()
  data!: Record<string, unknown>;
}

export class OrderPlacedV1 {
  @Matches(ID, { message: `orderId ${ID_MESSAGE}` })
  orderId!: string;

  @Matches(ID, { message: `accountId ${ID_MESSAGE}` })
  accountId!: string;

  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  /** The order's total, tax included, in minor units. */
  @IsInt({ message: 'amountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @IsISO8601({ strict: true })
  placedAt!: string;
}

export class OrderCancelledV1 {
  @Matches(ID, { message: `orderId ${ID_MESSAGE}` })
  orderId!: string;

  @Matches(ID, { message: `accountId ${ID_MESSAGE}` })
  accountId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class DeliveredLineV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  description!: string;

  @IsInt()
  @Min(1)
  quantity!: number;

  @IsInt({ message: 'unitPriceMinor must be an integer number of minor units' })
  @Min(0)
  unitPriceMinor!: number;

  /** Basis points: 2000 = 20%. */
  @IsInt()
  @Min(0)
  @Max(10000)
  taxRateBp!: number;
}

export class OrderDeliveredV1 {
  @Matches(ID, { message: `orderId ${ID_MESSAGE}` })
  orderId!: string;

  @Matches(ID, { message: `accountId ${ID_MESSAGE}` })
  accountId!: string;

  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  @IsISO8601({ strict: true })
  deliveredAt!: string;

  /** What was delivered is what is invoiced. */
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => DeliveredLineV1)
  lines!: DeliveredLineV1[];
}

export const PAYMENT_METHODS = ['transfer', 'direct_debit', 'card', 'cheque', 'cash'] as const;

export class PaymentReceivedMessageV1 {
  @Matches(ID, { message: `paymentId ${ID_MESSAGE}` })
  paymentId!: string;

  @Matches(ID, { message: `accountId ${ID_MESSAGE}` })
  accountId!: string;

  @IsInt({ message: 'amountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  @IsISO8601({ strict: true })
  receivedAt!: string;

  @IsIn(PAYMENT_METHODS)
  method!: (typeof PAYMENT_METHODS)[number];

  /** The remittance reference: an invoice id when the payer gave one. */
  @IsOptional()
  @IsString()
  @MaxLength(140)
  reference?: string;
}

export const REVERSAL_REASONS = ['direct_debit_bounced', 'chargeback', 'cheque_bounced', 'bank_recall'] as const;

export class PaymentReversedMessageV1 {
  @Matches(ID, { message: `paymentId ${ID_MESSAGE}` })
  paymentId!: string;

  @Matches(ID, { message: `accountId ${ID_MESSAGE}` })
  accountId!: string;

  @IsIn(REVERSAL_REASONS)
  reason!: (typeof REVERSAL_REASONS)[number];

  @IsISO8601({ strict: true })
  reversedAt!: string;
}

/** The class that validates each ingress message type's `data`, version 1. */
export const INGRESS_DATA_CLASSES = {
  OrderPlaced: OrderPlacedV1,
  OrderCancelled: OrderCancelledV1,
  OrderDelivered: OrderDeliveredV1,
  PaymentReceived: PaymentReceivedMessageV1,
  PaymentReversed: PaymentReversedMessageV1,
} as const;

export type IngressData = {
  OrderPlaced: OrderPlacedV1;
  OrderCancelled: OrderCancelledV1;
  OrderDelivered: OrderDeliveredV1;
  PaymentReceived: PaymentReceivedMessageV1;
  PaymentReversed: PaymentReversedMessageV1;
};

/** A validated ingress message. */
export interface IngressMessage<T extends IngressMessageType = IngressMessageType> {
  readonly messageId: string;
  readonly type: T;
  readonly schemaVersion: 1;
  readonly data: IngressData[T];
}
