import type { ProjectionDefinition } from '@o2c/kernel';
import type { BoundedContextDefinition } from '@o2c/messaging';
import { AccountsModule } from './accounts.module';
import { AccountsRuntime } from './accounts.runtime';
import { accountsSummaryProjection } from './projections/accounts-summary/accounts-summary.projection';
import { heldOrdersProjection } from './projections/held-orders/held-orders.projection';

/** The accounts context as apps compose it (apps/o2c with the others, apps/accounts alone). */
export const accountsContext: BoundedContextDefinition = {
  name: 'accounts',
  module: AccountsModule,
  runtime: AccountsRuntime,
  projections: [accountsSummaryProjection as ProjectionDefinition<object>, heldOrdersProjection as ProjectionDefinition<object>],
};
