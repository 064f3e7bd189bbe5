import type { PublishedEvent } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import type { ProjectionDefinition } from '@o2c/kernel';
import type { Translator } from '@o2c/messaging';
import { kpiFactOf, type KpiEventType } from './kpi-fact';

/** One row per published event a KPI reads (key: the source event's id, which is the published message id). */
export interface KpiFactRow {
  type: KpiEventType;
  accountId: string;
  on: string;
  data: Record<string, unknown>;
}

export const KPI_FACTS_PROJECTION = 'analytics.kpi_facts';
export const KPI_FACTS_TABLE = 'analytics_kpi_facts';

/**
 * The KPI read side: each context's own translator (handed over by the
 * process that composes the contexts, so analytics imports none of them) turns
 * stored events into published contracts; the facts the KPIs read are kept,
 * with their checkpoint, by the kernel's projection runner. A rebuild replays
 * the store from position 0 through the same translators: the same facts, so
 * the same figures.
 */
export function kpiFactsProjection(translators: readonly Translator[]): ProjectionDefinition<KpiFactRow> {
  const translated = new WeakMap<RecordedEvent, PublishedEvent | null>();
  const publishedOf = (event: RecordedEvent): PublishedEvent | undefined => {
    if (!translated.has(event)) {
      const translator = translators.find((t) => (t.filter.streamNamePrefixes ?? []).some((prefix) => event.streamName.startsWith(prefix)));
      translated.set(event, translator?.translate(event) ?? null);
    }
    return translated.get(event) ?? undefined;
  };
  return {
    name: KPI_FACTS_PROJECTION,
    version: 1,
    table: KPI_FACTS_TABLE,
    columns: {
      type: { type: 'varchar' },
      accountId: { type: 'varchar', name: 'account_id' },
      on: { type: 'varchar', length: 10, name: 'on_date' },
      data: { type: 'jsonb' },
    },
    indices: [{ name: 'on', columns: ['on'] }],
    filter: { streamNamePrefixes: translators.flatMap((t) => t.filter.streamNamePrefixes ?? []) },
    keysOf: (event) => {
      const published = publishedOf(event);
      return published && kpiFactOf(published, event.position) ? [event.id] : [];
    },
    evolve: (row, event) => {
      if (row) return undefined;
      const published = publishedOf(event);
      const fact = published ? kpiFactOf(published, event.position) : undefined;
      return fact ? { type: fact.type, accountId: fact.accountId, on: fact.on, data: fact.data as Record<string, unknown> } : undefined;
    },
  };
}
