import type { AccountOpenedV2, AccountSegmentChangedV1, PublishedEvent, RiskClassChangedV1 } from '@o2c/contracts';
import type { CommandContext } from '@o2c/kernel';
import { publishedEventConsumer } from '@o2c/messaging';
import type { CaseStreams } from '../case-store/case.streams';
import type { AssignmentRule } from '../collection-case/case-rules';

export const ACCOUNTS_GROUP = 'o2c.collections.accounts';

/** A published message becomes one command; its id is the command id, so a redelivery changes nothing. */
export const consumedContext = (group: string, event: PublishedEvent): CommandContext => ({
  causationId: event.metadata.messageId,
  commandId: `${group}:${event.metadata.messageId}`,
  correlationId: event.metadata.correlationId,
  actor: `system:${group}`,
});

/**
 * Collections learns each account's segment, kind, risk class and contacts (the accountant first) from accounts' events;
 * a case opens with its collector by `assignment` (the daily run re-checks the rules as the amounts change).
 */
export function accountsConsumer(cases: CaseStreams, assignment?: readonly AssignmentRule[]) {
  return publishedEventConsumer({
    groupId: ACCOUNTS_GROUP,
    // Every handler goes straight to CaseStreams, whose per-case queue keeps an account's order: its messages in a batch are decided together.
    pipelined: true,
    from: ['accounts'],
    handlers: {
      AccountOpened: {
        versions: [2],
        handle: async (event, { manager }) => {
          const d = event.data as AccountOpenedV2;
          await cases.execute(
            {
              type: 'LearnAccountProfile',
              accountId: d.accountId,
              legalName: d.legalName,
              kind: d.kind,
              segment: d.segment,
              currency: d.currency,
              paymentTermsDays: d.paymentTermsDays,
              contacts: d.contacts,
              ...(d.region ? { region: d.region } : {}),
              ...(assignment ? { assignment } : {}),
            },
            consumedContext(ACCOUNTS_GROUP, event),
            manager,
          );
        },
      },
      AccountSegmentChanged: {
        versions: [1],
        handle: async (event, { manager }) => {
          const d = event.data as AccountSegmentChangedV1;
          await cases.execute({ type: 'LearnSegment', accountId: d.accountId, segment: d.segment }, consumedContext(ACCOUNTS_GROUP, event), manager);
        },
      },
      RiskClassChanged: {
        versions: [1],
        handle: async (event, { manager }) => {
          const d = event.data as RiskClassChangedV1;
          await cases.execute({ type: 'LearnRiskClass', accountId: d.accountId, riskClass: d.riskClass }, consumedContext(ACCOUNTS_GROUP, event), manager);
        },
      },
    },
  });
}
