import type { PublishedEvent } from '@o2c/contracts';

/** The published events the KPIs are computed from; every other published event passes by. */
export const KPI_EVENT_TYPES = [
  'InvoiceIssued',
  'PaymentReceived',
  'PaymentApplied',
  'InvoicePaid',
  'PaymentReversed',
  'CreditNoteIssued',
  'InvoiceWrittenOff',
  'ReminderSent',
  'FormalNoticeSent',
  'PromiseToPayRecorded',
  'PromiseToPayKept',
  'PromiseToPayBroken',
  'ContactOutcomeRecorded',
  'DisputeOpened',
  'DisputeResolved',
  'ClaimPlaced',
  'AgencyRecoveryReported',
] as const;
export type KpiEventType = (typeof KPI_EVENT_TYPES)[number];

/**
 * One published event as the KPIs read it: its type, account, business date
 * (`on`, the date the contract states: issuedOn, receivedOn, sentAt...; else
 * the day it occurred), its `$all` position for order, and its data as published.
 */
export interface KpiFact {
  readonly type: KpiEventType;
  readonly accountId: string;
  /** YYYY-MM-DD (UTC). */
  readonly on: string;
  readonly position: bigint;
  readonly data: Readonly<Record<string, unknown>>;
}

const dayOf = (instant: unknown): string | undefined => (typeof instant === 'string' && instant.length >= 10 ? new Date(instant).toISOString().slice(0, 10) : undefined);

/** The field holding each type's business date (an ISO date or instant). */
const BUSINESS_DATE: Readonly<Partial<Record<KpiEventType, string>>> = {
  InvoiceIssued: 'issuedOn',
  PaymentReceived: 'receivedOn',
  PaymentApplied: 'receivedOn',
  InvoicePaid: 'paidOn',
  ReminderSent: 'sentAt',
  FormalNoticeSent: 'sentAt',
  ContactOutcomeRecorded: 'at',
  DisputeOpened: 'openedAt',
  DisputeResolved: 'resolvedAt',
  ClaimPlaced: 'placedAt',
  AgencyRecoveryReported: 'recoveredOn',
};

export const isKpiEventType = (type: string): type is KpiEventType => (KPI_EVENT_TYPES as readonly string[]).includes(type);

/** The fact of a published event, or undefined when no KPI reads its type. Pure. */
export function kpiFactOf(published: PublishedEvent, position: bigint): KpiFact | undefined {
  if (!isKpiEventType(published.type)) return undefined;
  const data = published.data as Record<string, unknown>;
  const field = BUSINESS_DATE[published.type];
  const on = (field ? dayOf(data[field]) : undefined) ?? dayOf(published.metadata.occurredAt);
  if (!on) return undefined;
  const accountId = typeof data.accountId === 'string' ? data.accountId : published.key;
  return { type: published.type, accountId, on, position, data };
}
