import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import type { EventFilter, NewEvent, RecordedEvent, Subscription } from '@o2c/event-store';
import { createTestDatabase } from '../support/database';

/**
 * Live all-stream subscriptions of one store share one reader of the tail (postgres/subscriptions.ts). Whatever the
 * filters, speeds and batch sizes, each must receive exactly what its own read of the store returns: in order, no
 * gap, no duplicate; a slow one is let go to page on its own instead of making the tail buffer without bound.
 */
const meta = { correlationId: 'tail', causationId: 'tail', actor: 'test:tail', occurredAt: '2026-12-01T09:00:00Z' };
const noted = (type: string, data: unknown): NewEvent => ({ type, data, metadata: meta });

async function until(check: () => boolean, what: string, ms = 180_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a fresh read of the store returns for a subscription from `from` with `filter`. */
async function expected(store: PostgresEventStore, from: bigint | 'start', filter?: EventFilter): Promise<RecordedEvent[]> {
  return store.readAll({ fromPosition: from === 'start' ? 'start' : from + 1n, filter });
}

function gate(): { wait: () => Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => opened, open };
}

describe('the shared tail of live subscriptions', () => {
  it('gives many subscriptions (filters, speeds, batch sizes, starting points) exactly what their own reads return, under two writing stores', async () => {
    const url = await createTestDatabase('tail_many');
    const writerA = await PostgresEventStore.connect({ url, poolSize: 4, tailPageSize: 40, tailBufferEvents: 120, pollIntervalMs: 200 });
    const writerB = await PostgresEventStore.connect({ url, poolSize: 4 });
    const reader = await PostgresEventStore.connect({ url, poolSize: 4, tailPageSize: 25, tailBufferEvents: 60, pollIntervalMs: 200 });
    // Stream names with LIKE's wildcards: 'acct_' must match only a literal underscore, as filterSql escapes it.
    const streams = ['ledger-1', 'ledger-2', 'ledger-17', 'acct_-1', 'acctX-1', 'invoice-9', 'misc%-1'];
    const types = ['Noted', 'Paid', 'PaidBack', 'Opened'];
    const append = (store: PostgresEventStore, tag: string) =>
      store.appendToStream(
        streams[randomInt(0, streams.length)],
        Array.from({ length: randomInt(1, 6) }, (_, k) => noted(types[randomInt(0, types.length)], { tag, k, text: 'é"\\' })),
      );
    for (let i = 0; i < 80; i++) await append(writerA, `history-${i}`);

    const filters: (EventFilter | undefined)[] = [
      undefined,
      { streamNamePrefixes: ['ledger-'] },
      { streamNamePrefixes: ['acct_', 'ledger-1'] },
      { eventTypePrefixes: ['Paid'] },
      { streamNamePrefixes: ['ledger-', 'misc%'], eventTypePrefixes: ['Noted', 'Opened'] },
      { streamNamePrefixes: ['nobody-'] },
      { streamNamePrefixes: [] },
    ];
    const delays = [0, 0, 2, 8, 25];
    const batches = [1, 7, 50, 1000];
    type Watched = { store: PostgresEventStore; from: bigint | 'start'; filter?: EventFilter; received: RecordedEvent[]; subscription: Subscription };
    const watched: Watched[] = [];
    const watch = (store: PostgresEventStore, from: bigint | 'start', filter: EventFilter | undefined, delay: number, maxBatchSize: number) => {
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ from, filter, maxBatchSize }, async (batch) => {
        received.push(...batch);
        if (delay > 0) await new Promise((r) => setTimeout(r, randomInt(0, delay + 1)));
      });
      watched.push({ store, from, filter, received, subscription });
    };
    // Two quick ones that reach the tail before the writes start, so the sharing itself can be seen below.
    watch(reader, 'start', undefined, 0, 1000);
    watch(reader, 'start', { streamNamePrefixes: ['ledger-'] }, 0, 1000);
    await until(() => reader.sharedTailState().members === 2, 'two subscriptions on the tail');
    let n = 0;
    for (const store of [reader, writerA]) {
      for (const filter of filters) {
        for (const from of ['start', 37n] as const) watch(store, from, filter, delays[n % delays.length], batches[n++ % batches.length]);
      }
    }

    try {
      await Promise.all(
        [writerA, writerB].flatMap((store, s) =>
          Array.from({ length: 4 }, async (_, w) => {
            for (let i = 0; i < 50; i++) {
              await append(store, `live-${s}-${w}-${i}`);
              // Late joiners: subscriptions that start while the others tail.
              if (s === 1 && w === 0 && i === 25) for (const filter of filters.slice(0, 4)) watch(reader, 120n, filter, 3, 20);
            }
          }),
        ),
      );
      const sharing = reader.sharedTailState();
      for (const w of watched) {
        const want = await expected(reader, w.from, w.filter);
        await until(() => w.received.length >= want.length, `a subscription with ${JSON.stringify(w.filter)} from ${String(w.from)}`);
        await new Promise((r) => setTimeout(r, 50));
        expect(w.received).toEqual(want);
      }
      // The same stored event reached two subscriptions of one store as one parsed object: it was read once.
      const [all, ledger] = [watched[0], watched[1]];
      const shared = ledger.received.filter((event) => all.received.find((other) => other.position === event.position) === event);
      expect(shared.length).toBeGreaterThan(0);
      expect(sharing.members).toBeGreaterThan(0);
    } finally {
      await Promise.all(watched.map((w) => w.subscription.stop()));
      await Promise.all([writerA.close(), writerB.close(), reader.close()]);
    }
  }, 240_000); // the slowest subscriptions take one event at a time with a pause; on a loaded machine this takes minutes

  it('lets a slow subscription go instead of buffering without bound, and it still receives everything, then joins again', async () => {
    const url = await createTestDatabase('tail_slow');
    const bound = 100;
    const store = await PostgresEventStore.connect({ url, tailPageSize: 30, tailBufferEvents: bound, pollIntervalMs: 200 });
    const held = gate();
    const slow: RecordedEvent[] = [];
    const fast: RecordedEvent[] = [];
    let largest = 0;
    const sample = () => (largest = Math.max(largest, store.sharedTailState().largestBuffer));
    const slowSubscription = store.subscribeToAll({ from: 'start', maxBatchSize: 10 }, async (batch) => {
      slow.push(...batch);
      sample();
      await held.wait();
    });
    const fastSubscription = store.subscribeToAll({ from: 'start', maxBatchSize: 10 }, async (batch) => {
      fast.push(...batch);
      sample();
    });
    try {
      await until(() => store.sharedTailState().members === 2, 'both subscriptions on the tail');
      let last = 0n;
      for (let i = 0; i < 40; i++) last = (await store.appendToStream(`slow-${i % 3}`, Array.from({ length: 25 }, (_, k) => noted('Noted', { i, k })))).position;
      await until(() => fast.length === 1_000, 'the fast subscription');
      sample();
      // The slow one holds its first batch; it was let go rather than given 1,000 events to hold.
      expect(slow).toHaveLength(10);
      expect(largest).toBeLessThanOrEqual(bound);
      expect(store.sharedTailState()).toMatchObject({ members: 1, position: last });
      expect(store.sharedTailState().letGo).toBeGreaterThanOrEqual(1);

      held.open();
      await until(() => slow.length >= 1_000, 'the slow subscription, paging on its own');
      const want = await store.readAll();
      expect(slow).toEqual(want);
      expect(fast).toEqual(want);
      await until(() => store.sharedTailState().members === 2, 'the slow subscription back on the tail');
      await store.appendToStream('slow-0', [noted('Noted', { after: true })]);
      await until(() => slow.length === 1_001 && fast.length === 1_001, 'an event after it joined again');
      expect(slow.at(-1)).toBe(fast.at(-1));
    } finally {
      held.open();
      await Promise.all([slowSubscription.stop(), fastSubscription.stop()]);
      await store.close();
    }
  });

  it('a subscription that joins ahead of the tail (its own read saw a later head) gets nothing twice', async () => {
    const url = await createTestDatabase('tail_ahead');
    const store = await PostgresEventStore.connect({ url, tailPageSize: 5, pollIntervalMs: 200 });
    const held = gate();
    const first: RecordedEvent[] = [];
    const filtered: RecordedEvent[] = [];
    const busy = store.subscribeToAll({ from: 'start', maxBatchSize: 5 }, async (batch) => {
      first.push(...batch);
      await held.wait();
    });
    let late: Subscription | undefined;
    try {
      await until(() => store.sharedTailState().members === 1, 'the first subscription on the tail');
      await store.appendToStream('ahead-a', Array.from({ length: 10 }, (_, k) => noted('Noted', { k })));
      // The first one holds a batch and has a full one waiting: nobody needs more, so the tail stops reading at 10.
      await until(() => store.sharedTailState().position === 10n, 'the tail at 10');
      await store.appendToStream('ahead-x', Array.from({ length: 30 }, (_, k) => noted('Noted', { k })));
      late = store.subscribeToAll({ from: 'start', filter: { streamNamePrefixes: ['ahead-x'] } }, async (batch) => void filtered.push(...batch));
      await until(() => store.sharedTailState().members === 2, 'the filtered subscription on the tail, ahead of it');
      await store.appendToStream('ahead-x', [noted('Noted', { after: true })]);
      held.open();
      await until(() => first.length === 41 && filtered.length >= 31, 'both subscriptions');
      await new Promise((r) => setTimeout(r, 300));
      expect(filtered).toEqual(await store.readAll({ filter: { streamNamePrefixes: ['ahead-x'] } }));
      expect(first).toEqual(await store.readAll());
    } finally {
      held.open();
      await Promise.all([busy.stop(), late?.stop()]);
      await store.close();
    }
  });

  it('stops a subscription in the middle of a shared page: no batch after stop(), the others go on', async () => {
    const url = await createTestDatabase('tail_stop');
    const store = await PostgresEventStore.connect({ url, tailPageSize: 20, pollIntervalMs: 200 });
    const held = gate();
    const entered = gate();
    const stopping: RecordedEvent[] = [];
    const other: RecordedEvent[] = [];
    const stopped = store.subscribeToAll({ from: 'start', maxBatchSize: 5 }, async (batch) => {
      stopping.push(...batch);
      entered.open();
      await held.wait();
    });
    const going = store.subscribeToAll({ from: 'start', maxBatchSize: 5 }, async (batch) => void other.push(...batch));
    try {
      await until(() => store.sharedTailState().members === 2, 'both subscriptions on the tail');
      await store.appendToStream('stop-1', Array.from({ length: 15 }, (_, k) => noted('Noted', { k })));
      await entered.wait();
      let resolved = false;
      const stopping$ = stopped.stop().then(() => (resolved = true));
      await until(() => other.length === 15, 'the other subscription');
      expect(resolved).toBe(false); // stop() waits for the batch in hand
      held.open();
      await stopping$;
      await expect(stopped.done).resolves.toBeUndefined();
      const handled = stopping.length;
      expect(handled).toBe(5);
      expect(store.sharedTailState().members).toBe(1);

      await store.appendToStream('stop-1', Array.from({ length: 15 }, (_, k) => noted('Noted', { k, after: true })));
      await until(() => other.length === 30, 'the other subscription after the stop');
      await new Promise((r) => setTimeout(r, 300));
      expect(stopping).toHaveLength(handled);
      expect(stopping).toEqual((await store.readAll()).slice(0, handled));
      expect(other).toEqual(await store.readAll());
    } finally {
      held.open();
      await Promise.all([stopped.stop(), going.stop()]);
      await store.close();
    }
  });

  it('survives its connections being killed: the tail retries, nothing is lost or repeated', async () => {
    const url = await createTestDatabase('tail_kill');
    const errors: unknown[] = [];
    const store = await PostgresEventStore.connect({ url, poolSize: 4, tailPageSize: 15, pollIntervalMs: 100, onError: (e) => errors.push(e) });
    const filters: (EventFilter | undefined)[] = [undefined, { streamNamePrefixes: ['kill-1'] }, { eventTypePrefixes: ['Paid'] }];
    const received = filters.map(() => [] as RecordedEvent[]);
    const subscriptions = filters.map((filter, i) => store.subscribeToAll({ from: 'start', filter, maxBatchSize: 8 }, async (batch) => void received[i].push(...batch)));
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const appendSurely = async (i: number) => {
      for (;;) {
        try {
          return await store.appendToStream(`kill-${i % 3}`, [noted(i % 2 ? 'Paid' : 'Noted', { i })], { expectedRevision: 'any' });
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    try {
      await until(() => store.sharedTailState().members === 3, 'the subscriptions on the tail');
      for (let i = 0; i < 60; i++) {
        await appendSurely(i);
        if (i % 20 === 10) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      }
      for (const [i, filter] of filters.entries()) {
        const want = await expected(store, 'start', filter);
        await until(() => received[i].length >= want.length, `subscription ${i}`);
        await new Promise((r) => setTimeout(r, 100));
        expect(received[i]).toEqual(want);
      }
      expect(errors.length).toBeGreaterThan(0);
      await until(() => store.sharedTailState().members === 3, 'the subscriptions back on the tail');
    } finally {
      await admin.end();
      await Promise.all(subscriptions.map((s) => s.stop()));
      await store.close();
    }
  });
});
