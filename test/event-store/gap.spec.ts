import { randomInt } from 'node:crypto';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import type { RecordedEvent } from '@o2c/event-store';
import { createTestDatabase } from '../support/database';

/**
 * PITFALLS: late commits leave holes in a global sequence that a reader at the
 * head passes and never revisits. Here many writers hold their transactions
 * open for random times (and some roll back) while subscribers read live:
 * every subscriber must see exactly the stored log, once, in order. Filtered
 * subscribers (whose reads move past the events they do not match, up to the
 * head seen in the same snapshot) must see exactly the stored events their
 * filter matches.
 */
describe('no event is skipped or seen twice when commits arrive out of order', () => {
  const WRITERS_PER_STORE = 8;
  const STORES = 4;
  const APPENDS_PER_WRITER = 40;
  const STREAMS = 60;

  it('holds with 4 pools x 8 writers, random commit delays and rolled-back transactions', async () => {
    const url = await createTestDatabase('gap');
    let rolledBack = 0;
    const writers = await Promise.all(
      Array.from({ length: STORES }, () =>
        PostgresEventStore.connect({
          url,
          poolSize: 4,
          beforeCommit: async () => {
            await new Promise((r) => setTimeout(r, randomInt(0, 50)));
            if (randomInt(0, 20) === 0) {
              rolledBack++;
              throw new Error('forced rollback');
            }
          },
        }),
      ),
    );
    const reader = await PostgresEventStore.connect({ url, poolSize: 4, pollIntervalMs: 50 });
    const seen: RecordedEvent[][] = [[], []];
    const subscriptions = seen.map((into, i) =>
      reader.subscribeToAll({ from: 'start', maxBatchSize: i === 0 ? 7 : 500 }, async (batch) => {
        into.push(...batch);
      }),
    );
    const filters: { streamNamePrefixes: string[]; eventTypePrefixes?: string[] }[] = [{ streamNamePrefixes: ['gap-1'] }, { streamNamePrefixes: ['gap-1', 'gap-2'], eventTypePrefixes: ['Marked'] }];
    const filtered: RecordedEvent[][] = filters.map(() => []);
    subscriptions.push(
      ...filters.map((filter, i) =>
        reader.subscribeToAll({ from: 'start', filter, maxBatchSize: 3 }, async (batch) => {
          filtered[i].push(...batch);
        }),
      ),
    );
    const matches = (event: RecordedEvent, filter: (typeof filters)[number]): boolean =>
      filter.streamNamePrefixes.some((p) => event.streamName.startsWith(p)) && (filter.eventTypePrefixes ?? ['']).some((p) => event.type.startsWith(p));

    const meta = { correlationId: 'gap', causationId: 'gap', actor: 'test:gap', occurredAt: '2026-11-25T09:00:00Z' };
    let refused = 0;
    await Promise.all(
      writers.flatMap((store, s) =>
        Array.from({ length: WRITERS_PER_STORE }, async (_, w) => {
          for (let i = 0; i < APPENDS_PER_WRITER; i++) {
            const stream = `gap-${randomInt(0, STREAMS)}`;
            const events = Array.from({ length: randomInt(1, 4) }, (_, k) => ({ type: randomInt(0, 10) === 0 ? 'Marked' : 'Noted', data: { s, w, i, k }, metadata: meta }));
            // A few appends expect a revision that is almost surely wrong: refused, nothing written.
            const expectedRevision = randomInt(0, 25) === 0 ? 1_000_000n : 'any';
            await store.appendToStream(stream, events, { expectedRevision }).catch(() => refused++);
          }
        }),
      ),
    );

    const stored = await reader.readAll();
    const deadline = Date.now() + 20_000;
    const expectedFiltered = filters.map((filter) => stored.filter((e) => matches(e, filter)).map((e) => e.position));
    while ((seen.some((s) => s.length < stored.length) || filtered.some((f, i) => f.length < expectedFiltered[i].length)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(subscriptions.map((s) => s.stop()));

    expect(rolledBack).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThan(STORES * WRITERS_PER_STORE * APPENDS_PER_WRITER * 0.5);
    // The log itself is contiguous: rolled-back appends burned no position.
    expect(stored.map((e) => e.position)).toEqual(stored.map((_, i) => BigInt(i + 1)));
    for (const subscriber of seen) {
      const positions = subscriber.map((e) => e.position);
      expect(new Set(positions).size).toBe(positions.length); // 0 duplicated
      expect(positions).toEqual(stored.map((e) => e.position)); // 0 skipped, same order
    }
    filtered.forEach((subscriber, i) => {
      expect(expectedFiltered[i].length).toBeGreaterThan(0);
      expect(subscriber.map((e) => e.position)).toEqual(expectedFiltered[i]); // 0 skipped, 0 duplicated, same order
    });
    // Within each stream, revisions arrive 0, 1, 2, ... in order.
    const next = new Map<string, bigint>();
    for (const event of seen[0]) {
      expect(event.revision).toBe(next.get(event.streamName) ?? 0n);
      next.set(event.streamName, event.revision + 1n);
    }
    await Promise.all([...writers, reader].map((s) => s.close()));
  });
});
