import type { EventStore } from '@o2c/event-store';
import type { Translator } from '@o2c/messaging';
import { kpiFactOf, type KpiFact } from './kpi-fact';

/**
 * The KPI facts read straight from the store through the contexts'
 * translators, without the read model: what a rebuild of the facts would
 * hold, so the figures computed from it are the read model's (the check that
 * every figure is recomputable from the events).
 */
export async function kpiFactsFromStore(
  store: EventStore,
  translators: readonly Translator[],
  options: { upTo?: bigint; pageSize?: number; onProgress?: (position: bigint, facts: number) => void } = {},
): Promise<KpiFact[]> {
  const facts: KpiFact[] = [];
  const prefixes = translators.flatMap((t) => t.filter.streamNamePrefixes ?? []);
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: options.pageSize ?? 5_000, filter: { streamNamePrefixes: prefixes } });
    for (const event of page) {
      if (options.upTo !== undefined && event.position > options.upTo) return facts;
      const translator = translators.find((t) => (t.filter.streamNamePrefixes ?? []).some((prefix) => event.streamName.startsWith(prefix)));
      const published = translator?.translate(event);
      const fact = published ? kpiFactOf(published, event.position) : undefined;
      if (fact) facts.push(fact);
    }
    if (page.length === 0) return facts;
    from = page[page.length - 1].position + 1n;
    options.onProgress?.(page[page.length - 1].position, facts.length);
  }
}
