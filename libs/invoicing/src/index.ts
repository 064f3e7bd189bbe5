import type { BoundedContextDefinition } from '@o2c/messaging';
import type { ProjectionDefinition } from '@o2c/kernel';
import { InvoicingModule } from './invoicing.module';
import { InvoicingRuntime } from './invoicing.runtime';
import { accountBalancesProjection } from './projections/account-balances/account-balances.projection';
import { invoicesProjection } from './projections/invoices/invoices.projection';

export { InvoicingModule } from './invoicing.module';
export { InvoicingRuntime } from './invoicing.runtime';
export { invoicesProjection } from './projections/invoices/invoices.projection';
export { accountBalancesProjection } from './projections/account-balances/account-balances.projection';
export { invoicingTranslator } from './translator/invoicing.translator';
export { ledgerStream, invoiceIdOf } from './ledger/events';

/** Invoicing as apps compose it. */
export const invoicingContext: BoundedContextDefinition = {
  name: 'invoicing',
  module: InvoicingModule,
  runtime: InvoicingRuntime,
  projections: [invoicesProjection, accountBalancesProjection] as unknown as readonly ProjectionDefinition<object>[],
};
