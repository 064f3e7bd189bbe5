import type { CollectionsPublishedEvents, DunningChannel, PublishedEvent } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { publishedFrom, type Translator } from '@o2c/messaging';
import { CASE_CATEGORY, type CaseEvent } from '../collection-case/case.events';

/** Delivery's streams (src/reminders): ReminderSent and FormalNoticeSent are published from there. */
export const REMINDER_PREFIX = 'reminder-';

const publish = <T extends keyof CollectionsPublishedEvents>(event: RecordedEvent, type: T, accountId: string, data: CollectionsPublishedEvents[T]): PublishedEvent =>
  publishedFrom(event, { context: 'collections', type, key: accountId, data });

interface DeliveredReminder {
  readonly reminderId: string;
  readonly accountId: string;
  readonly channel: DunningChannel;
  readonly stepId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly invoiceIds: readonly string[];
  readonly totalMinor: number;
  readonly currency: string;
  readonly sentAt: string;
}

/** Delivery's facts, read by their recorded shape (they carry what the notice was about). */
function translateReminder(recorded: RecordedEvent): PublishedEvent | undefined {
  const d = recorded.data as DeliveredReminder;
  switch (recorded.type) {
    case 'ReminderSent':
      return publish(recorded, 'ReminderSent', d.accountId, {
        accountId: d.accountId,
        reminderId: d.reminderId,
        channel: d.channel,
        stepId: d.stepId,
        policyId: d.policyId,
        policyVersion: d.policyVersion,
        invoiceIds: d.invoiceIds,
        totalMinor: d.totalMinor,
        currency: d.currency,
        sentAt: d.sentAt,
      });
    // Delivery records it beside ReminderSent for a registered letter: the formal notice.
    case 'FormalNoticeSent':
      return publish(recorded, 'FormalNoticeSent', d.accountId, { accountId: d.accountId, reminderId: d.reminderId, invoiceIds: d.invoiceIds, totalMinor: d.totalMinor, currency: d.currency, sentAt: d.sentAt });
    default:
      return undefined;
  }
}

/** Collection cases' events -> collections' published contracts; the rest (what it learned, scores, tasks) stays inside. */
export function translateCaseEvent(recorded: RecordedEvent): PublishedEvent | undefined {
  const event = { type: recorded.type, data: recorded.data } as CaseEvent;
  switch (event.type) {
    case 'DunningLadderExhausted': {
      const d = event.data;
      return publish(recorded, 'DunningLadderExhausted', d.accountId, { accountId: d.accountId, policyId: d.policyId, policyVersion: d.policyVersion, invoiceIds: d.invoiceIds, openMinor: d.openMinor, currency: d.currency, exhaustedOn: d.on });
    }
    case 'PromiseToPayRecorded': {
      const d = event.data;
      return publish(recorded, 'PromiseToPayRecorded', d.accountId, { accountId: d.accountId, promiseId: d.promiseId, amountMinor: d.amountMinor, currency: d.currency, promisedFor: d.promisedFor, invoiceIds: d.invoiceIds, recordedBy: d.recordedBy });
    }
    case 'PromiseToPayKept':
      return publish(recorded, 'PromiseToPayKept', event.data.accountId, { accountId: event.data.accountId, promiseId: event.data.promiseId });
    case 'PromiseToPayBroken': {
      const d = event.data;
      return publish(recorded, 'PromiseToPayBroken', d.accountId, { accountId: d.accountId, promiseId: d.promiseId, promisedMinor: d.promisedMinor, paidMinor: d.paidMinor, currency: d.currency, promisedFor: d.promisedFor });
    }
    case 'PaymentPlanAccepted': {
      const d = event.data;
      return publish(recorded, 'PaymentPlanAgreed', d.accountId, { accountId: d.accountId, planId: d.planId, installments: d.installments, currency: d.currency, invoiceIds: d.invoiceIds });
    }
    case 'PaymentPlanEnded':
      return publish(recorded, 'PaymentPlanEnded', event.data.accountId, { accountId: event.data.accountId, planId: event.data.planId, outcome: event.data.outcome });
    case 'HoldPlaced': {
      const d = event.data;
      return publish(recorded, 'HoldPlaced', d.accountId, {
        accountId: d.accountId,
        holdId: d.holdId,
        kind: d.kind,
        scope: d.scope,
        ...(d.invoiceIds?.length === 1 ? { invoiceId: d.invoiceIds[0] } : {}),
        ...(d.amountMinor !== undefined ? { amountMinor: d.amountMinor } : {}),
        reason: d.reason,
        ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
      });
    }
    case 'HoldReleased':
      return publish(recorded, 'HoldReleased', event.data.accountId, { accountId: event.data.accountId, holdId: event.data.holdId, kind: event.data.kind, reason: event.data.reason });
    case 'ContactOutcomeRecorded': {
      const d = event.data;
      return publish(recorded, 'ContactOutcomeRecorded', d.accountId, {
        accountId: d.accountId,
        ...(d.contactId ? { contactId: d.contactId } : {}),
        collectorId: d.collectorId,
        channel: d.channel,
        outcome: d.outcome,
        ...(d.note ? { note: d.note } : {}),
        at: d.at,
      });
    }
    case 'LatePaymentChargeAssessed': {
      const d = event.data;
      return publish(recorded, 'LatePaymentChargeAssessed', d.accountId, { accountId: d.accountId, invoiceId: d.invoiceId, kind: d.kind, amountMinor: d.amountMinor, currency: d.currency, basis: d.basis });
    }
    case 'AccountProfileLearned':
    case 'SegmentLearned':
    case 'RiskClassLearned':
    case 'InvoiceLearned':
    case 'InvoiceOpenAmountChanged':
    case 'DunningStepTaken':
    case 'CallTaskOpened':
    case 'LadderEscalated':
    case 'PaymentPlanProposed':
    case 'PaymentPlanInstallmentKept':
    case 'PaymentPlanInstallmentMissed':
    case 'CollectorAssigned':
    case 'PriorityScored':
      return undefined;
    default: {
      const _unknown: never = event;
      return undefined;
    }
  }
}

export function translateCollectionsEvent(recorded: RecordedEvent): PublishedEvent | undefined {
  if (recorded.streamName.startsWith(REMINDER_PREFIX)) return translateReminder(recorded);
  if (recorded.streamName.startsWith(`${CASE_CATEGORY}-`)) return translateCaseEvent(recorded);
  return undefined;
}

export const collectionsTranslator: Translator = {
  context: 'collections',
  filter: { streamNamePrefixes: [`${CASE_CATEGORY}-`, REMINDER_PREFIX] },
  translate: translateCollectionsEvent,
};
