import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AGENCY_POLICY, agencyPolicyFromEnv } from './agency.config';
import { AgencyRuntime } from './agency.runtime';
import { AgencyService } from './agency.service';
import { DailyEvaluation } from './evaluate-placements/daily-evaluation';
import { EvaluatePlacementsHandler } from './evaluate-placements/evaluate-placements.handler';
import { EvaluatePlacementsHttpController } from './evaluate-placements/evaluate-placements.http.controller';
import { PlaceClaimHandler } from './place-claim/place-claim.handler';
import { PlaceClaimHttpController } from './place-claim/place-claim.http.controller';
import { ClaimStatsHandler, GetClaimHandler, ListClaimsHandler } from './projections/claims/claims.handlers';
import { ClaimsHttpController } from './projections/claims/claims.http.controller';
import { ClaimsQueries } from './projections/claims/claims.queries';
import { RecallClaimHandler } from './recall-claim/recall-claim.handler';
import { RecallClaimHttpController } from './recall-claim/recall-claim.http.controller';
import { ReportClaimStatusHandler } from './report-claim-status/report-claim-status.handler';
import { ReportClaimStatusHttpController } from './report-claim-status/report-claim-status.http.controller';
import { ReportRecoveryHandler } from './report-recovery/report-recovery.handler';
import { ReportRecoveryHttpController } from './report-recovery/report-recovery.http.controller';
import { EndpointClaimTransmission } from './transmission/claim-transmission';
import { CLAIM_TRANSMISSION } from './transmission/claim-transmission.port';

/**
 * Agency handoff: debtor files from upstream facts, placement rules, claims
 * with agencies, claim files through the transmission port, agencies'
 * reports, recalls, and the claims views. Needs EVENT_STORE, CLOCK and
 * READ_MODEL_DATA_SOURCE from the host. HTTP use cases go through
 * CommandBus/QueryBus to their handlers (one folder each).
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    // The static paths before `claims/:claimId`.
    EvaluatePlacementsHttpController,
    PlaceClaimHttpController,
    ClaimsHttpController,
    ReportClaimStatusHttpController,
    ReportRecoveryHttpController,
    RecallClaimHttpController,
  ],
  providers: [
    { provide: AGENCY_POLICY, useFactory: () => agencyPolicyFromEnv() },
    { provide: CLAIM_TRANSMISSION, useClass: EndpointClaimTransmission },
    AgencyService,
    ClaimsQueries,
    DailyEvaluation,
    AgencyRuntime,
    EvaluatePlacementsHandler,
    PlaceClaimHandler,
    ReportClaimStatusHandler,
    ReportRecoveryHandler,
    RecallClaimHandler,
    ListClaimsHandler,
    GetClaimHandler,
    ClaimStatsHandler,
  ],
  exports: [AgencyRuntime, AgencyService],
})
export class AgencyModule {}
