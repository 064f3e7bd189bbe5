import type { BoundedContext } from '@o2c/contracts';
import { currentPublishedVersion, publishedEventConsumer, type ConsumerDefinition, type PublishedEvent } from '@o2c/messaging';
import type { AgencyService } from '../agency.service';

/** The upstream facts the agency context keeps on its debtor files, per publishing context. */
export const UPSTREAM_FACTS: Readonly<Partial<Record<BoundedContext, readonly string[]>>> = {
  accounts: ['AccountOpened', 'AccountSegmentChanged'],
  invoicing: ['InvoiceIssued', 'PaymentApplied', 'PaymentReversed', 'CreditNoteIssued', 'InvoiceWrittenOff'],
  collections: [
    'ReminderSent',
    'FormalNoticeSent',
    'DunningLadderExhausted',
    'ContactOutcomeRecorded',
    'PromiseToPayRecorded',
    'PromiseToPayKept',
    'PromiseToPayBroken',
    'PaymentPlanAgreed',
    'PaymentPlanEnded',
    'HoldPlaced',
    'HoldReleased',
  ],
  disputes: ['DisputeOpened', 'DisputeResolved', 'DisputeReopened'],
};

/**
 * One consumer group per upstream context (`o2c.agency.<source>`): each fact
 * goes onto its account's debtor file with command id `<source>:<messageId>`,
 * so a redelivery adds nothing.
 */
export function upstreamFactsConsumers(agency: AgencyService): ConsumerDefinition<unknown>[] {
  return Object.entries(UPSTREAM_FACTS).map(([source, types]) => {
    const handle = (event: PublishedEvent) =>
      agency.noteFact(source as BoundedContext, event.type, event.data as Record<string, unknown>, {
        messageId: event.metadata.messageId,
        correlationId: event.metadata.correlationId,
        occurredAt: event.metadata.occurredAt,
      });
    return publishedEventConsumer({
      groupId: `o2c.agency.${source}`,
      from: [source as BoundedContext],
      handlers: Object.fromEntries((types ?? []).map((type) => [type, { versions: [currentPublishedVersion(source as BoundedContext, type)], handle }])),
      // Each fact is one command through AgencyService's per-file queue, which keeps an account's order.
      pipelined: true,
    }) as ConsumerDefinition<unknown>;
  });
}
