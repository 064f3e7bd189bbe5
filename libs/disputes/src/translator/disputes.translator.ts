import type { DisputeOpenedV1, DisputeReopenedV1, DisputeResolvedV1, DisputeSlaAtRiskV1, DisputeSlaBreachedV1, DisputesPublishedEvents, PublishedEvent } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { publishedFrom, type Translator } from '@o2c/messaging';
import { DISPUTE_CATEGORY, type DisputeEvent } from '../dispute/events';

const publish = <T extends keyof DisputesPublishedEvents>(event: RecordedEvent, type: T, accountId: string, data: DisputesPublishedEvents[T]): PublishedEvent =>
  publishedFrom(event, { context: 'disputes', type, key: accountId, data });

/** Internal dispute events -> disputes' published contracts (key: the account id). Pauses, answers and owner changes stay internal. */
export function translateDisputeEvent(recorded: RecordedEvent): PublishedEvent | undefined {
  const event = { type: recorded.type, data: recorded.data } as DisputeEvent;
  switch (event.type) {
    case 'DisputeOpened': {
      const d = event.data;
      const data: DisputeOpenedV1 = {
        disputeId: d.disputeId,
        accountId: d.accountId,
        invoiceId: d.invoiceId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        cause: d.cause,
        ownerId: d.owner.ownerId,
        openedBy: d.openedBy,
        ...(d.origin !== undefined ? { origin: d.origin } : {}),
        openedAt: d.openedAt,
        dueBy: d.dueBy,
      };
      return publish(recorded, 'DisputeOpened', d.accountId, data);
    }
    case 'DisputeResolved': {
      const d = event.data;
      const data: DisputeResolvedV1 = {
        disputeId: d.disputeId,
        accountId: d.accountId,
        invoiceId: d.invoiceId,
        outcome: d.outcome,
        ...(d.creditAmountMinor !== undefined ? { creditAmountMinor: d.creditAmountMinor } : {}),
        ...(d.correctedTotalMinor !== undefined ? { correctedTotalMinor: d.correctedTotalMinor } : {}),
        currency: d.currency,
        rootCause: d.rootCause,
        resolvedAt: d.resolvedAt,
        withinSla: d.withinSla,
        resolution: d.resolution,
      };
      return publish(recorded, 'DisputeResolved', d.accountId, data);
    }
    case 'DisputeReopened': {
      const d = event.data;
      const data: DisputeReopenedV1 = { disputeId: d.disputeId, accountId: d.accountId, invoiceId: d.invoiceId, amountMinor: d.amountMinor, currency: d.currency, reason: d.reason, reopenedAt: d.reopenedAt };
      return publish(recorded, 'DisputeReopened', d.accountId, data);
    }
    case 'DisputeSlaAtRisk': {
      const d = event.data;
      const data: DisputeSlaAtRiskV1 = { disputeId: d.disputeId, accountId: d.accountId, ownerId: d.ownerId, remainingMinutes: d.remainingMinutes, escalatedTo: d.escalatedTo, dueBy: d.dueBy };
      return publish(recorded, 'DisputeSlaAtRisk', d.accountId, data);
    }
    case 'DisputeSlaBreached': {
      const d = event.data;
      const data: DisputeSlaBreachedV1 = { disputeId: d.disputeId, accountId: d.accountId, ownerId: d.ownerId, escalatedTo: d.escalatedTo, breachedAt: d.at };
      return publish(recorded, 'DisputeSlaBreached', d.accountId, data);
    }
    default:
      return undefined;
  }
}

export const disputesTranslator: Translator = {
  context: 'disputes',
  filter: { streamNamePrefixes: [`${DISPUTE_CATEGORY}-`] },
  translate: translateDisputeEvent,
};
