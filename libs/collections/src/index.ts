import type { ProjectionDefinition } from '@o2c/kernel';
import type { BoundedContextDefinition } from '@o2c/messaging';
import { CollectionsModule } from './collections.module';
import { CollectionsRuntime } from './collections.runtime';
import { worklistProjection } from './projections/worklist/worklist.projection';

export { CollectionsModule } from './collections.module';
export { CollectionsRuntime } from './collections.runtime';
export { DailyRunService } from './daily-run/daily-run.service';
export { worklistProjection } from './projections/worklist/worklist.projection';
export { worklistPageSql } from './projections/worklist/worklist.queries';
export { collectionsTranslator } from './translator/collections.translator';
export { caseStream } from './collection-case/case.events';
export { DEFAULT_POLICIES, defaultPolicy } from './policy/default-policies';
export { validatePolicy } from './policy/policy.validation';
export type { DunningPolicy, DunningStep, DunningPolicyVersion } from './policy/dunning-policy';
export { runBacktest, parseCandidatePolicies, type BacktestRequest } from './backtest/backtest.loader';
export { backtestCases, type BacktestReport, type BacktestSummary, type StepDifference } from './backtest/backtest';
export { collectionsOptionsFromEnv } from './collections.options';

/** Collections as apps compose it. */
export const collectionsContext: BoundedContextDefinition = {
  name: 'collections',
  module: CollectionsModule,
  runtime: CollectionsRuntime,
  projections: [worklistProjection] as unknown as readonly ProjectionDefinition<object>[],
};
