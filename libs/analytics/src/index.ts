export { AnalyticsModule } from './analytics.module';
export { kpiFactsProjection, KPI_FACTS_PROJECTION, KPI_FACTS_TABLE, type KpiFactRow } from './kpi-facts/kpi-facts.projection';
export { kpiFactOf, KPI_EVENT_TYPES, type KpiFact, type KpiEventType } from './kpi-facts/kpi-fact';
export { computeKpis, kpisToCsv, KPI_NAMES, AGING_BUCKETS, UNATTRIBUTED, type KpiRow, type KpiName, type KpiOptions } from './kpis/compute-kpis';
export { kpiReport, parseKpiRequest, type KpiReport, type KpiRequest, type KpiSql } from './kpis/kpi-report';
export { periodBuckets, PERIODS, type Period } from './kpis/periods';
export { kpiFactsFromStore } from './kpi-facts/facts-from-store';
