import { PostgresEventStore } from '@o2c/event-store/postgres';
import { StoreUnavailableError, type RecordedEvent } from '@o2c/event-store';
import { PostgresProcess } from '../support/postgres-process';

/** PITFALLS: node-postgres kills the process on a server restart when nobody listens for 'error'. */
describe('the PostgreSQL server restarts under a running store', () => {
  let server: PostgresProcess;
  beforeAll(async () => {
    server = await PostgresProcess.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const meta = { correlationId: 'r', causationId: 'r', actor: 'test:restart', occurredAt: '2026-11-25T09:00:00Z' };
  const append = (store: PostgresEventStore, n: number) => store.appendToStream('restart-1', [{ type: 'Noted', data: { n }, metadata: meta }]);

  it('appends fail clearly while it is down, nothing crashes, and work resumes when it is back', async () => {
    const errors: unknown[] = [];
    const store = await PostgresEventStore.connect({ url: server.url, pollIntervalMs: 100, onError: (e) => errors.push(e) });
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ from: 'start' }, async (batch) => void seen.push(...batch));
    try {
      await append(store, 1);
      await append(store, 2);

      await server.stop();
      const whileDown = await append(store, 3).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(whileDown).toBeInstanceOf(StoreUnavailableError);
      expect((whileDown as StoreUnavailableError).error.code).toBe('event_store.unavailable');
      expect((await store.health()).status).toBe('down');

      await server.startAgain();
      let resumed = false;
      for (let attempt = 0; attempt < 50 && !resumed; attempt++) {
        resumed = await append(store, 4).then(
          () => true,
          async () => {
            await new Promise((r) => setTimeout(r, 200));
            return false;
          },
        );
      }
      expect(resumed).toBe(true);
      await append(store, 5);
      expect((await store.health()).status).toBe('up');

      const deadline = Date.now() + 15_000;
      while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await subscription.stop();
      // The live subscription went on across the restart: no gap, no duplicate.
      expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 4, 5]);
      expect(seen.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });
});
