import type { ProjectionDefinition } from '@o2c/kernel';
import type { BoundedContextDefinition } from '@o2c/messaging';
import { DisputesModule } from './disputes.module';
import { DisputesRuntime } from './disputes.runtime';
import { disputeSlaProjection } from './projections/sla-open/dispute-sla.projection';
import { resolvedDisputesProjection } from './projections/sla-resolved/resolved-dispute.projection';

export { DisputesModule } from './disputes.module';
export { DisputesRuntime } from './disputes.runtime';
export { disputeSlaProjection } from './projections/sla-open/dispute-sla.projection';
export { resolvedDisputesProjection } from './projections/sla-resolved/resolved-dispute.projection';
export { disputesTranslator } from './translator/disputes.translator';
export { disputeStream } from './dispute/events';
export { DEFAULT_DISPUTES_POLICY, disputesPolicyFromEnv, type DisputesPolicy } from './disputes.policy';
export { DEFAULT_SLA_POLICY, type SlaPolicy } from './sla/sla-clock';

/** Disputes as apps compose it. */
export const disputesContext: BoundedContextDefinition = {
  name: 'disputes',
  module: DisputesModule,
  runtime: DisputesRuntime,
  projections: [disputeSlaProjection, resolvedDisputesProjection] as unknown as readonly ProjectionDefinition<object>[],
};
