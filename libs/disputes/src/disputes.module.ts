import { Module } from '@nestjs/common';
import { AssignOwnerHttpController } from './assign-owner/assign-owner.http.controller';
import { AwaitCustomerHttpController } from './await-customer/await-customer.http.controller';
import { DisputeDesk } from './dispute/dispute.desk';
import { DisputeStreams } from './dispute/dispute.streams';
import { DISPUTES_POLICY, disputesPolicyFromEnv } from './disputes.policy';
import { DisputesRuntime } from './disputes.runtime';
import { GetDisputeHttpController } from './get-dispute/get-dispute.http.controller';
import { InvoiceKnowledge } from './learn-invoices/invoice-knowledge';
import { OpenDisputeHttpController } from './open-dispute/open-dispute.http.controller';
import { SlaOpenHttpController } from './projections/sla-open/sla-open.http.controller';
import { SlaOpenQueries } from './projections/sla-open/sla-open.queries';
import { SlaStatsHttpController } from './projections/sla-resolved/sla-stats.http.controller';
import { SlaStatsQueries } from './projections/sla-resolved/sla-stats.queries';
import { RecordCustomerAnswerHttpController } from './record-customer-answer/record-customer-answer.http.controller';
import { ReopenDisputeHttpController } from './reopen-dispute/reopen-dispute.http.controller';
import { ResolveDisputeHttpController } from './resolve-dispute/resolve-dispute.http.controller';

/**
 * Disputes: one stream per dispute with its 72-hour SLA clock, the SLA timer,
 * the SLA views. Needs EVENT_STORE, CLOCK and READ_MODEL_DATA_SOURCE from the host.
 * The SLA views' controllers come before GET /disputes/:disputeId so `sla` is never read as an id.
 */
@Module({
  controllers: [
    SlaOpenHttpController,
    SlaStatsHttpController,
    OpenDisputeHttpController,
    GetDisputeHttpController,
    ResolveDisputeHttpController,
    ReopenDisputeHttpController,
    AwaitCustomerHttpController,
    RecordCustomerAnswerHttpController,
    AssignOwnerHttpController,
  ],
  providers: [{ provide: DISPUTES_POLICY, useFactory: () => disputesPolicyFromEnv() }, DisputeStreams, InvoiceKnowledge, DisputeDesk, SlaOpenQueries, SlaStatsQueries, DisputesRuntime],
  exports: [DisputesRuntime],
})
export class DisputesModule {}
