import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssignOwnerHandler } from './assign-owner/assign-owner.handler';
import { AssignOwnerHttpController } from './assign-owner/assign-owner.http.controller';
import { AwaitCustomerHandler } from './await-customer/await-customer.handler';
import { AwaitCustomerHttpController } from './await-customer/await-customer.http.controller';
import { DisputeDesk } from './dispute/dispute.desk';
import { DisputeStreams } from './dispute/dispute.streams';
import { DISPUTES_POLICY, disputesPolicyFromEnv } from './disputes.policy';
import { DisputesRuntime } from './disputes.runtime';
import { GetDisputeHandler } from './get-dispute/get-dispute.handler';
import { GetDisputeHttpController } from './get-dispute/get-dispute.http.controller';
import { InvoiceKnowledge } from './learn-invoices/invoice-knowledge';
import { OpenDisputeHandler } from './open-dispute/open-dispute.handler';
import { OpenDisputeHttpController } from './open-dispute/open-dispute.http.controller';
import { OpenDisputeFromWorklistHandler } from './open-dispute-from-worklist/open-dispute-from-worklist.handler';
import { OpenDisputeFromWorklistHttpController } from './open-dispute-from-worklist/open-dispute-from-worklist.http.controller';
import { ListOpenDisputesHandler } from './projections/sla-open/list-open-disputes.handler';
import { SlaOpenHttpController } from './projections/sla-open/sla-open.http.controller';
import { SlaSummaryHandler } from './projections/sla-open/sla-summary.handler';
import { SlaOpenQueries } from './projections/sla-open/sla-open.queries';
import { SlaStatsHandler } from './projections/sla-resolved/sla-stats.handler';
import { SlaStatsHttpController } from './projections/sla-resolved/sla-stats.http.controller';
import { SlaStatsQueries } from './projections/sla-resolved/sla-stats.queries';
import { RecordCustomerAnswerHandler } from './record-customer-answer/record-customer-answer.handler';
import { RecordCustomerAnswerHttpController } from './record-customer-answer/record-customer-answer.http.controller';
import { ReopenDisputeHandler } from './reopen-dispute/reopen-dispute.handler';
import { ReopenDisputeHttpController } from './reopen-dispute/reopen-dispute.http.controller';
import { ResolveDisputeHandler } from './resolve-dispute/resolve-dispute.handler';
import { ResolveDisputeHttpController } from './resolve-dispute/resolve-dispute.http.controller';

/**
 * Disputes: one stream per dispute with its 72-hour SLA clock, the SLA timer,
 * the SLA views. Needs EVENT_STORE, CLOCK and READ_MODEL_DATA_SOURCE from the host.
 * HTTP use cases go through CommandBus/QueryBus to their handlers (one folder each).
 * The SLA views' controllers come before GET /disputes/:disputeId so `sla` is never read as an id.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    SlaOpenHttpController,
    SlaStatsHttpController,
    OpenDisputeHttpController,
    OpenDisputeFromWorklistHttpController,
    GetDisputeHttpController,
    ResolveDisputeHttpController,
    ReopenDisputeHttpController,
    AwaitCustomerHttpController,
    RecordCustomerAnswerHttpController,
    AssignOwnerHttpController,
  ],
  providers: [
    { provide: DISPUTES_POLICY, useFactory: () => disputesPolicyFromEnv() },
    DisputeStreams,
    InvoiceKnowledge,
    DisputeDesk,
    SlaOpenQueries,
    SlaStatsQueries,
    DisputesRuntime,
    OpenDisputeHandler,
    OpenDisputeFromWorklistHandler,
    ResolveDisputeHandler,
    ReopenDisputeHandler,
    AwaitCustomerHandler,
    RecordCustomerAnswerHandler,
    AssignOwnerHandler,
    GetDisputeHandler,
    ListOpenDisputesHandler,
    SlaSummaryHandler,
    SlaStatsHandler,
  ],
  exports: [DisputesRuntime],
})
export class DisputesModule {}
