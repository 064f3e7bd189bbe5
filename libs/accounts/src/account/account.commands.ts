import type { AccountKind, Channel, ContactRole, Segment } from '@o2c/contracts';
import type { BehaviourSignal, ReceivableChangeCause } from './account.events';

export interface DeclaredContact {
  readonly contactId?: string;
  readonly name: string;
  readonly role: ContactRole;
  readonly email?: string;
  readonly phone?: string;
  readonly preferredChannel: Channel;
}

/** The customer's declared data and the company's registry ids. */
export interface AccountDeclaration {
  readonly accountId: string;
  readonly legalName: string;
  readonly kind: AccountKind;
  readonly segment: Segment;
  /** ISO 3166-1 alpha-2; default FR. */
  readonly country?: string;
  readonly siren?: string;
  readonly siret?: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly contacts: readonly DeclaredContact[];
  readonly region?: string;
  readonly declaredAnnualRevenueMinor?: number;
  readonly expectedMonthlyVolumeMinor?: number;
}

/** Commands on one account stream. "Now" and the actor arrive in the command: decide reads no clock. */
export type AccountCommand =
  | { type: 'OpenAccount'; declaration: AccountDeclaration; now: string; actor: string }
  | { type: 'ChangeCreditLimit'; creditLimitMinor: number; reason: string; actor: string }
  | { type: 'ChangeSegment'; segment: Segment; reason: string; actor: string }
  | { type: 'ChangePaymentTerms'; paymentTermsDays: number; reason: string; actor: string }
  | { type: 'CheckOrderCredit'; orderId: string; amountMinor: number; currency: string; placedAt: string }
  | { type: 'ApproveHeldOrder'; orderId: string; reason: string; actor: string }
  | { type: 'RejectHeldOrder'; orderId: string; reason: string; actor: string }
  | { type: 'CancelOrder'; orderId: string; reason: string }
  | { type: 'RecordInvoiceIssued'; invoiceId: string; orderId: string; currency: string; totalMinor: number; openAmountMinor: number; issuedOn: string; dueOn: string; at: string }
  | {
      type: 'RecordReceivableChange';
      invoiceId: string;
      cause: ReceivableChangeCause;
      amountMinor: number;
      currency: string;
      reference?: string;
      openAmountMinor: number;
      at: string;
    }
  | { type: 'RecordInvoicePaid'; invoiceId: string; paidOn: string; dueOn: string; daysLate: number; at: string }
  /** The hook for collections (broken promises) and disputes: their published events become these. */
  | { type: 'RecordBehaviourSignal'; signal: BehaviourSignal; reference: string; at: string };

export type AccountCommandType = AccountCommand['type'];
