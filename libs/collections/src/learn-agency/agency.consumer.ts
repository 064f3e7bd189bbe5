import type { ClaimClosedV1, ClaimPlacedV1, ClaimRecalledV1, PublishedEvent } from '@o2c/contracts';
import { publishedEventConsumer } from '@o2c/messaging';
import type { CaseStreams } from '../case-store/case.streams';
import { consumedContext } from '../learn-accounts/accounts.consumer';

export const AGENCY_GROUP = 'o2c.collections.agency';

/** A claim placed with an agency holds its invoices (the agency collects them now); a recall or a close releases them. */
export function agencyConsumer(cases: CaseStreams) {
  const release = async (event: PublishedEvent, manager: Parameters<CaseStreams['execute']>[2], reason: string) => {
    const d = event.data as ClaimRecalledV1 | ClaimClosedV1;
    await cases.execute({ type: 'ReleaseHold', accountId: d.accountId, source: `claim:${d.claimId}`, reason, on: event.metadata.occurredAt.slice(0, 10) }, consumedContext(AGENCY_GROUP, event), manager);
  };
  return publishedEventConsumer({
    groupId: AGENCY_GROUP,
    // Every handler goes straight to CaseStreams, whose per-case queue keeps an account's order: its messages in a batch are decided together.
    pipelined: true,
    from: ['agency'],
    handlers: {
      ClaimPlaced: {
        versions: [1],
        handle: async (event, { manager }) => {
          const d = event.data as ClaimPlacedV1;
          await cases.execute(
            {
              type: 'PlaceHold',
              accountId: d.accountId,
              holdId: `claim:${d.claimId}`,
              kind: 'agency',
              scope: 'invoice',
              invoiceIds: d.invoices.map((i) => i.invoiceId),
              reason: `placed with agency ${d.agencyId} (${d.rule})`,
              on: d.placedAt.slice(0, 10),
              placedBy: event.metadata.actor,
              source: `claim:${d.claimId}`,
            },
            consumedContext(AGENCY_GROUP, event),
            manager,
          );
        },
      },
      ClaimRecalled: { versions: [1], handle: (event, { manager }) => release(event, manager, `claim recalled: ${(event.data as ClaimRecalledV1).reason}`) },
      ClaimClosed: { versions: [1], handle: (event, { manager }) => release(event, manager, `claim closed: ${(event.data as ClaimClosedV1).outcome}`) },
    },
  });
}
