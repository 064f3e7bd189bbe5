import { PostgresEventStore } from '@o2c/event-store/postgres';
import type { EventFilter, NewEvent, RecordedEvent, Subscription } from '@o2c/event-store';
import { createTestDatabase } from '../support/database';

/**
 * A filtered all-stream subscription pages through windows of positions (postgres-event-store.ts, subscribeToAll):
 * a page that is not full ends at its window, not at the head, until the window reaches the head. Whatever the
 * filter's density and the page size, a subscription must get exactly what a read of the store returns, in order,
 * and say it caught up once it has looked at everything: here with windows far smaller than the store.
 */
const meta = { correlationId: 'window', causationId: 'window', actor: 'test:window', occurredAt: '2026-12-08T09:00:00Z' };
const noted = (k: number): NewEvent => ({ type: 'Noted', data: { k }, metadata: meta });

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('filtered subscriptions page through windows of positions', () => {
  it('deliver every match in order across windows, sparse or dense, and catch up only at the head', async () => {
    const url = await createTestDatabase('filtered_window');
    // No shared tail: each subscription pages on its own, through windows of 10 positions (or 8 pages).
    const store = await PostgresEventStore.connect({ url, poolSize: 4, sharedTail: false, filteredPageWindow: 10, pollIntervalMs: 100 });
    try {
      // 300 events: 'rare-' every 37th (a window of 10 mostly holds none), 'dense-' two in three, the rest 'other-'.
      for (let k = 0; k < 300; k++) await store.appendToStream(k % 37 === 0 ? 'rare-1' : k % 3 === 0 ? 'other-1' : `dense-${k % 5}`, [noted(k)]);
      const filters: EventFilter[] = [{ streamNamePrefixes: ['rare-'] }, { streamNamePrefixes: ['dense-'] }, { streamNamePrefixes: ['nobody-'] }, { eventTypePrefixes: ['Noted'] }];
      const watched: { filter: EventFilter; from: bigint | 'start'; received: RecordedEvent[]; caughtUp: number[]; subscription: Subscription }[] = [];
      for (const filter of filters) {
        for (const [from, maxBatchSize] of [['start', 1], ['start', 4], [45n, 1000]] as const) {
          const received: RecordedEvent[] = [];
          const caughtUp: number[] = [];
          const subscription = store.subscribeToAll({ from, filter, maxBatchSize, onCaughtUp: () => caughtUp.push(received.length) }, async (batch) => void received.push(...batch));
          watched.push({ filter, from, received, caughtUp, subscription });
        }
      }
      const expected = (w: (typeof watched)[number]) => store.readAll({ fromPosition: w.from === 'start' ? 'start' : w.from + 1n, filter: w.filter });
      for (const w of watched) {
        const want = await expected(w);
        await until(() => w.caughtUp.length > 0, `catch-up of ${JSON.stringify(w.filter)} from ${w.from}`);
        // Caught up only with everything before it: never at the end of an early window.
        expect(w.caughtUp[0]).toBe(want.length);
        expect(w.received.map((e) => e.position)).toEqual(want.map((e) => e.position));
      }
      expect((await store.readAll({ filter: { streamNamePrefixes: ['rare-'] } })).length).toBe(9);
      // The three subscriptions of a filter shared its windows: 30 windows below the head, four filters, so at most
      // 120 reads of complete windows (plus re-reads of the last, incomplete one), against one per page without sharing.
      const { reads, pages } = store.filteredWindowStats();
      expect(pages).toBeGreaterThan(reads);
      expect(reads).toBeLessThan(4 * 30 + 4 * 3 * 3);

      // Live: new events after a long run of non-matching ones still reach every subscription, in order, once.
      for (let k = 300; k < 340; k++) await store.appendToStream(k === 339 ? 'rare-2' : 'other-2', [noted(k)]);
      for (const w of watched) {
        const want = await expected(w);
        await until(() => w.received.length >= want.length, `live events of ${JSON.stringify(w.filter)}`);
        expect(w.received.map((e) => e.position)).toEqual(want.map((e) => e.position));
      }
      // The filter that matches nothing saw the live events go by too: it stays empty, and the others got no more.
      await new Promise((r) => setTimeout(r, 300));
      for (const w of watched) expect(w.received.map((e) => e.position)).toEqual((await expected(w)).map((e) => e.position));
      for (const w of watched) await w.subscription.stop();
    } finally {
      await store.close();
    }
  }, 120_000);
});
