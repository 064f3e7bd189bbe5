import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssignCollectorHttpController } from './assign-collector/assign-collector.http.controller';
import { CaseStreams } from './case-store/case.streams';
import { ChangePolicyHttpController } from './change-policy/change-policy.http.controller';
import { COLLECTIONS_OPTIONS, collectionsOptionsFromEnv } from './collections.options';
import { CollectionsRuntime } from './collections.runtime';
import { DailyRunHttpController } from './daily-run/daily-run.http.controller';
import { DailyRunService } from './daily-run/daily-run.service';
import { DecisionsHttpController } from './decisions/decisions.http.controller';
import { GetDecisionsHandler } from './decisions/get-decisions.handler';
import { GetCaseHttpController } from './get-case/get-case.http.controller';
import { GetCaseHandler } from './get-case/get-case.handler';
import { WorklistPageHandler } from './projections/worklist/worklist-page.handler';
import { WorklistHttpController } from './projections/worklist/worklist.http.controller';
import { AssignCollectorHandler } from './assign-collector/assign-collector.handler';
import { ChangePolicyHandler, GetPolicyVersionsHandler } from './change-policy/change-policy.handler';
import { RunDunningDayHandler } from './daily-run/daily-run.handler';
import { AcceptPaymentPlanHandler, ProposePaymentPlanHandler } from './payment-plans/payment-plans.handler';
import { PlaceHoldHandler, ReleaseHoldHandler } from './place-hold/place-hold.handler';
import { RecordContactHandler } from './record-contact/record-contact.handler';
import { RecordPromiseHandler } from './record-promise/record-promise.handler';
import { DeliveryFailuresReactor } from './delivery-failures/delivery-failures.reactor';
import { PaymentPlansHttpController } from './payment-plans/payment-plans.http.controller';
import { PlaceHoldHttpController } from './place-hold/place-hold.http.controller';
import { PolicyRegistry } from './policy/policy.registry';
import { WorklistQueries } from './projections/worklist/worklist.queries';
import { RecordContactHttpController } from './record-contact/record-contact.http.controller';
import { RecordPromiseHttpController } from './record-promise/record-promise.http.controller';
import { RemindersModule } from './reminders';

/**
 * Collections: dunning policies as data, the collection case of each account,
 * the daily run, holds, promises, plans, the worklist. Needs EVENT_STORE,
 * CLOCK and READ_MODEL_DATA_SOURCE from the host, REMINDER_PORT comes from
 * RemindersModule (reminder delivery, src/reminders).
 */
@Module({
  imports: [CqrsModule, RemindersModule],
  controllers: [
    ChangePolicyHttpController,
    DailyRunHttpController,
    PlaceHoldHttpController,
    RecordPromiseHttpController,
    PaymentPlansHttpController,
    RecordContactHttpController,
    AssignCollectorHttpController,
    GetCaseHttpController,
    DecisionsHttpController,
    WorklistHttpController,
  ],
  providers: [
    { provide: COLLECTIONS_OPTIONS, useFactory: () => collectionsOptionsFromEnv() },
    CaseStreams,
    PolicyRegistry,
    DailyRunService,
    WorklistQueries,
    DeliveryFailuresReactor,
    CollectionsRuntime,
    ChangePolicyHandler,
    GetPolicyVersionsHandler,
    RunDunningDayHandler,
    PlaceHoldHandler,
    ReleaseHoldHandler,
    RecordPromiseHandler,
    ProposePaymentPlanHandler,
    AcceptPaymentPlanHandler,
    RecordContactHandler,
    AssignCollectorHandler,
    GetCaseHandler,
    GetDecisionsHandler,
    WorklistPageHandler,
  ],
  exports: [CollectionsRuntime, CaseStreams, DailyRunService],
})
export class CollectionsModule {}
