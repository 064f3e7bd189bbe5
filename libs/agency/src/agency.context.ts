import type { ProjectionDefinition } from '@o2c/kernel';
import type { BoundedContextDefinition } from '@o2c/messaging';
import { AgencyModule } from './agency.module';
import { AgencyRuntime } from './agency.runtime';
import { claimsProjection } from './projections/claims/claims.projection';
import { debtorFilesProjection } from './projections/debtor-files/debtor-files.projection';

/** The agency context as apps compose it. */
export const agencyContext: BoundedContextDefinition = {
  name: 'agency',
  module: AgencyModule,
  runtime: AgencyRuntime,
  projections: [claimsProjection as unknown as ProjectionDefinition<object>, debtorFilesProjection as unknown as ProjectionDefinition<object>],
};
