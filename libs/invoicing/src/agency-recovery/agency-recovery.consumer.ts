import type { AgencyRecoveryReportedV1, PublishedEvent } from '@o2c/contracts';
import type { EventStore } from '@o2c/event-store';
import { handleCommand, type Clock, type CommandContext } from '@o2c/kernel';
import { publishedEventConsumer, type ConsumerDefinition } from '@o2c/messaging';
import type { LedgerService } from '../ledger/ledger.service';
import { agencyCommissionDecider, agencyCommissionsStream } from './agency-commission';

export const AGENCY_RECOVERY_GROUP = 'o2c.invoicing.agency';

/** A payment id an agency recovery becomes on the ledger: idempotent on the agency's recovery id. */
export const agencyPaymentIdOf = (recoveryId: string): string => `AGY-${recoveryId}`;

/**
 * An agency's recovery (agency's AgencyRecoveryReported) becomes a payment on
 * the account's ledger, referenced to the recovered invoice (`AGY-<recoveryId>`,
 * method `agency:<agencyId>`: the ledger's own ReceivePayment, idempotent on
 * the payment id), and the agency's commission is booked on
 * `agencyCommissions-<accountId>` (AgencyCommissionBooked, internal).
 */
export async function applyAgencyRecovery(ledger: LedgerService, store: EventStore, clock: Clock, event: PublishedEvent): Promise<void> {
  const d = event.data as AgencyRecoveryReportedV1;
  const context: CommandContext = {
    causationId: event.metadata.messageId,
    commandId: `agency:${event.metadata.messageId}`,
    correlationId: event.metadata.correlationId,
    actor: `svc:agency.${d.agencyId}`,
  };
  const paymentId = agencyPaymentIdOf(d.recoveryId);
  await ledger.execute(
    { type: 'ReceivePayment', accountId: d.accountId, paymentId, amountMinor: d.amountMinor, currency: d.currency, receivedOn: d.recoveredOn, method: `agency:${d.agencyId}`, reference: d.invoiceId },
    context,
  );
  await handleCommand(
    store,
    agencyCommissionsStream(d.accountId),
    agencyCommissionDecider,
    {
      type: 'BookAgencyCommission',
      accountId: d.accountId,
      recoveryId: d.recoveryId,
      claimId: d.claimId,
      agencyId: d.agencyId,
      paymentId,
      invoiceId: d.invoiceId,
      recoveredMinor: d.amountMinor,
      commissionMinor: d.commissionMinor,
      currency: d.currency,
      bookedOn: d.recoveredOn,
    },
    context,
    { clock },
  );
}

export function agencyRecoveryConsumer(ledger: LedgerService, store: EventStore, clock: Clock): ConsumerDefinition<unknown> {
  return publishedEventConsumer({
    groupId: AGENCY_RECOVERY_GROUP,
    from: ['agency'],
    handlers: { AgencyRecoveryReported: { versions: [1], handle: (event) => applyAgencyRecovery(ledger, store, clock, event) } },
  }) as ConsumerDefinition<unknown>;
}
