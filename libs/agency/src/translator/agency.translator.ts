import type { AgencyPublishedEvents, PublishedEvent } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { publishedFrom, type Translator } from '@o2c/messaging';
import { CLAIM_CATEGORY, type ClaimEvent } from '../claim/events';

const publish = <T extends keyof AgencyPublishedEvents>(event: RecordedEvent, type: T, accountId: string, data: AgencyPublishedEvents[T]): PublishedEvent =>
  publishedFrom(event, { context: 'agency', type, key: accountId, data });

/** Claim events -> agency's published contracts (key: the account id). Sending receipts and debtor files stay internal. */
export function translateClaimEvent(recorded: RecordedEvent): PublishedEvent | undefined {
  const event = { type: recorded.type, data: recorded.data } as ClaimEvent;
  switch (event.type) {
    case 'ClaimPlaced': {
      const d = event.data;
      return publish(recorded, 'ClaimPlaced', d.accountId, {
        claimId: d.claimId,
        accountId: d.accountId,
        agencyId: d.agencyId,
        invoices: d.invoices.map((i) => ({ invoiceId: i.invoiceId, openAmountMinor: i.openAmountMinor })),
        totalMinor: d.totalMinor,
        currency: d.currency,
        rule: d.ruleId,
        placedAt: recorded.metadata.occurredAt,
      });
    }
    case 'AgencyRecoveryReported': {
      const d = event.data;
      return publish(recorded, 'AgencyRecoveryReported', d.accountId, { ...d });
    }
    case 'ClaimStatusReported': {
      const d = event.data;
      return publish(recorded, 'ClaimStatusReported', d.accountId, { ...d });
    }
    case 'ClaimRecalled': {
      const d = event.data;
      return publish(recorded, 'ClaimRecalled', d.accountId, { claimId: d.claimId, accountId: d.accountId, agencyId: d.agencyId, reason: d.reason, recalledBy: d.recalledBy });
    }
    case 'ClaimClosed': {
      const d = event.data;
      return publish(recorded, 'ClaimClosed', d.accountId, { ...d });
    }
    case 'ClaimFileSent':
    case 'ClaimRecallSent':
      return undefined;
    default: {
      const _unknown: never = event;
      return undefined;
    }
  }
}

export const agencyTranslator: Translator = {
  context: 'agency',
  filter: { streamNamePrefixes: [`${CLAIM_CATEGORY}-`] },
  translate: translateClaimEvent,
};
