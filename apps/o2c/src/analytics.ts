import { agencyTranslator } from '@o2c/agency';
import { AnalyticsModule, kpiFactsProjection } from '@o2c/analytics';
import { collectionsTranslator } from '@o2c/collections';
import { disputesTranslator } from '@o2c/disputes';
import { invoicingTranslator } from '@o2c/invoicing';
import type { ProjectionDefinition } from '@o2c/kernel';
import type { ReadSideDefinition } from '@o2c/messaging/nest';

/** The contexts whose published events the KPIs read, through each one's own translator (analytics imports no context). */
export const KPI_TRANSLATORS = [invoicingTranslator, collectionsTranslator, disputesTranslator, agencyTranslator];

/** The analysts' read side: the KPI facts projection and the KPI endpoint. */
export const analyticsReadSide: ReadSideDefinition = {
  name: 'analytics',
  module: AnalyticsModule,
  projections: [kpiFactsProjection(KPI_TRANSLATORS) as unknown as ProjectionDefinition<object>],
};
