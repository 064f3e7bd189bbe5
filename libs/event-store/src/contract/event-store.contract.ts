import { randomUUID } from 'node:crypto';
import {
  InvalidAppendError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '../event-store.port';

export interface ContractFixture {
  readonly store: EventStore;
  close(): Promise<void>;
}

/**
 * The event store's contract: every adapter must pass this suite unchanged.
 * It uses only the port, unique stream names, and positions it was handed back,
 * so it runs against a shared, non-empty store (EventStoreDB) as well.
 */
export function describeEventStoreContract(name: string, factory: () => Promise<ContractFixture>): void {
  describe(`event store contract: ${name}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    let seq = 0;
    const stream = (category = 'contract'): string => `${category}-${run}x${++seq}`;
    const meta = (extra: Record<string, unknown> = {}) => ({
      correlationId: `corr-${run}`,
      causationId: `cause-${seq}`,
      actor: 'test:contract',
      occurredAt: '2026-11-25T09:00:00.000Z',
      ...extra,
    });
    const event = (type: string, data: unknown = { n: seq }, extra: Partial<NewEvent> = {}): NewEvent => ({ type, data, metadata: meta(), ...extra });

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.close();
    });

    async function expectWrongRevision(promise: Promise<unknown>, streamName: string, expected: string, actual: string): Promise<void> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      const wrong = error as WrongExpectedRevisionError;
      expect(wrong.streamName).toBe(streamName);
      expect(String(wrong.expected)).toBe(expected);
      expect(String(wrong.actual)).toBe(actual);
      expect(wrong.error.code).toBe('event_store.wrong_expected_revision');
      expect(wrong.message).toContain(streamName);
    }

    describe('append with an expected revision', () => {
      it('no_stream creates the stream and refuses it once it exists', async () => {
        const s = stream();
        const first = await store.appendToStream(s, [event('Opened'), event('Noted')], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(1n);
        expect(typeof first.position).toBe('bigint');
        await expectWrongRevision(store.appendToStream(s, [event('Again')], { expectedRevision: 'no_stream' }), s, 'no_stream', '1');
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Opened', 'Noted']);
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const s = stream();
        await expectWrongRevision(store.appendToStream(s, [event('Orphan')], { expectedRevision: 'stream_exists' }), s, 'stream_exists', 'no_stream');
        expect(await store.readStream(s)).toEqual([]);
        await store.appendToStream(s, [event('Opened')]);
        const result = await store.appendToStream(s, [event('Noted')], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('an exact revision must match the last revision, and a wrong one writes nothing', async () => {
        const s = stream();
        await store.appendToStream(s, [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
        await expectWrongRevision(store.appendToStream(s, [event('Late')], { expectedRevision: 1n }), s, '1', '2');
        await expectWrongRevision(store.appendToStream(s, [event('Early')], { expectedRevision: 5n }), s, '5', '2');
        const ok = await store.appendToStream(s, [event('D')], { expectedRevision: 2n });
        expect(ok.nextExpectedRevision).toBe(3n);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
        await expectWrongRevision(store.appendToStream(stream(), [event('X')], { expectedRevision: 0n }), `contract-${run}x${seq}`, '0', 'no_stream');
      });

      it('any appends whatever is there', async () => {
        const s = stream();
        expect((await store.appendToStream(s, [event('A')], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
        expect((await store.appendToStream(s, [event('B')])).nextExpectedRevision).toBe(1n);
      });

      it('positions grow with every append, as bigints', async () => {
        const a = await store.appendToStream(stream(), [event('A')]);
        const b = await store.appendToStream(stream(), [event('B')]);
        expect(b.position > a.position).toBe(true);
      });
    });

    describe('idempotent append by event id', () => {
      it('the same events again at the same place succeed and write nothing', async () => {
        const s = stream();
        const events = [event('A', {}, { id: randomUUID() }), event('B', {}, { id: randomUUID() })];
        const first = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(s, events, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        const withAny = await store.appendToStream(s, events, { expectedRevision: 'any' });
        expect(withAny.nextExpectedRevision).toBe(first.nextExpectedRevision);
        const read = await store.readStream(s);
        expect(read.map((e) => e.id)).toEqual(events.map((e) => e.id));
      });

      it('a retried append after later writes, with its original expectation, is still a no-op', async () => {
        const s = stream();
        await store.appendToStream(s, [event('A')], { expectedRevision: 'no_stream' });
        const retried = [event('B', {}, { id: randomUUID() })];
        await store.appendToStream(s, retried, { expectedRevision: 0n });
        await store.appendToStream(s, [event('C')], { expectedRevision: 1n });
        const again = await store.appendToStream(s, retried, { expectedRevision: 0n });
        expect(again.nextExpectedRevision).toBe(1n);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });
    });

    describe('bad appends are refused with the field named, and write nothing', () => {
      it.each([
        ['events[0].type', () => [event('')]],
        ['events[0].type', () => [event('A\u0000B')]],
        ['events[0].id', () => [event('A', {}, { id: 'not-a-uuid' })]],
        ['events[1].metadata.actor', () => [event('A'), { type: 'B', data: {}, metadata: { ...meta(), actor: '' } }]],
      ])('%s', async (field, events) => {
        const s = stream();
        const error = await store.appendToStream(s, events() as NewEvent[]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect((error as InvalidAppendError).error.field).toBe(field);
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    describe('metadata', () => {
      it('round-trips every field with bigint revisions and positions', async () => {
        const s = stream();
        const id = randomUUID();
        const result = await store.appendToStream(s, [
          {
            id,
            type: 'InvoiceIssued',
            schemaVersion: 2,
            data: { amount: { amountMinor: 12_345, currency: 'EUR' }, lines: [1, 2] },
            metadata: meta({ tenant: 't1' }),
          },
        ]);
        const [read] = await store.readStream(s);
        expect(read).toMatchObject({
          id,
          type: 'InvoiceIssued',
          schemaVersion: 2,
          data: { amount: { amountMinor: 12_345, currency: 'EUR' }, lines: [1, 2] },
          streamName: s,
          revision: 0n,
          position: result.position,
        });
        expect(read.metadata).toMatchObject({
          correlationId: `corr-${run}`,
          actor: 'test:contract',
          occurredAt: '2026-11-25T09:00:00.000Z',
          tenant: 't1',
        });
        expect(typeof read.metadata.causationId).toBe('string');
        expect(read.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(read.recordedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
        expect(typeof read.position).toBe('bigint');
        expect(typeof read.revision).toBe('bigint');
      });

      it('defaults the schema version to 1', async () => {
        const s = stream();
        await store.appendToStream(s, [event('A')]);
        expect((await store.readStream(s))[0].schemaVersion).toBe(1);
      });
    });

    describe('reading a stream', () => {
      let s: string;
      beforeAll(async () => {
        s = stream();
        await store.appendToStream(s, ['E0', 'E1', 'E2', 'E3', 'E4'].map((t) => event(t)));
      });

      it('several streams at once, each from its own revision, in the order asked', async () => {
        const other = stream();
        await store.appendToStream(other, ['F0', 'F1'].map((t) => event(t)));
        const missing = stream();
        const read = await store.readStreams([{ streamName: other }, { streamName: s, fromRevision: 3n }, { streamName: missing }, { streamName: s }]);
        expect(read.map((events) => events.map((e) => e.type))).toEqual([['F0', 'F1'], ['E3', 'E4'], [], ['E0', 'E1', 'E2', 'E3', 'E4']]);
        expect(read[1].map((e) => [e.streamName, e.revision])).toEqual([[s, 3n], [s, 4n]]);
        expect(await store.readStreams([])).toEqual([]);
      });

      it('forwards from a revision, with a max count', async () => {
        expect((await store.readStream(s, { fromRevision: 2n, maxCount: 2 })).map((e) => e.type)).toEqual(['E2', 'E3']);
        expect((await store.readStream(s, { maxCount: 1 })).map((e) => e.revision)).toEqual([0n]);
      });

      it('backwards from the end or from a revision', async () => {
        expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.type)).toEqual(['E4', 'E3', 'E2', 'E1', 'E0']);
        expect((await store.readStream(s, { direction: 'backwards', fromRevision: 1n })).map((e) => e.type)).toEqual(['E1', 'E0']);
        expect((await store.readStream(s, { direction: 'backwards', maxCount: 1 })).map((e) => e.type)).toEqual(['E4']);
      });

      it('a missing stream reads as empty', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });
    });

    describe('reading $all', () => {
      const ids: string[] = [];
      let firstPosition: bigint;
      let streams: string[];
      beforeAll(async () => {
        streams = [stream('contractAll'), stream('contractAll'), stream('contractOther')];
        for (const [i, s] of streams.entries()) {
          const id = randomUUID();
          ids.push(id);
          const { position } = await store.appendToStream(s, [event(i === 1 ? 'PaymentReceived' : 'InvoiceIssued', { i }, { id })]);
          if (i === 0) firstPosition = position;
        }
      });
      const mine = (events: RecordedEvent[]) => events.filter((e) => ids.includes(e.id));

      it('forwards from a position, inclusive, in append order', async () => {
        const read = mine(await store.readAll({ fromPosition: firstPosition, maxCount: 10_000 }));
        expect(read.map((e) => e.id)).toEqual(ids);
        expect(read[0].position).toBe(firstPosition);
        const positions = read.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      });

      it('backwards from the end finds the latest first', async () => {
        const read = await store.readAll({ direction: 'backwards', maxCount: 50 });
        const own = mine(read);
        expect(own.map((e) => e.id)).toEqual([...ids].reverse());
      });

      it('filters by stream-name prefix (a category) and by event-type prefix', async () => {
        const byCategory = await store.readAll({ fromPosition: firstPosition, filter: { streamNamePrefixes: [`contractAll-${run}`] } });
        expect(byCategory.map((e) => e.id)).toEqual(ids.slice(0, 2));
        const byType = mine(await store.readAll({ fromPosition: firstPosition, filter: { eventTypePrefixes: ['Payment'] } }));
        expect(byType.map((e) => e.id)).toEqual([ids[1]]);
        const both = await store.readAll({
          fromPosition: firstPosition,
          filter: { streamNamePrefixes: [`contractAll-${run}`, `contractOther-${run}`], eventTypePrefixes: ['Invoice'] },
        });
        expect(both.map((e) => e.id)).toEqual([ids[0], ids[2]]);
      });
    });

    describe('catch-up subscriptions', () => {
      function collect(): { events: RecordedEvent[]; handler: (batch: readonly RecordedEvent[]) => Promise<void> } {
        const events: RecordedEvent[] = [];
        return { events, handler: async (batch) => void events.push(...batch) };
      }
      async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
        const deadline = Date.now() + ms;
        while (!check()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }

      it('to $all: history from a checkpoint, then live, filtered, without duplicates', async () => {
        const category = `contractSub-${run}`;
        const before = await store.appendToStream(`${category}-a`, [event('S1'), event('S2')]);
        const { events, handler } = collect();
        let caughtUp = 0;
        const checkpoint = before.position - 1n; // exclusive: S2 and after
        const subscription: Subscription = store.subscribeToAll(
          { from: checkpoint, filter: { streamNamePrefixes: [category] }, onCaughtUp: () => caughtUp++ },
          handler,
        );
        try {
          await until(() => caughtUp > 0, 'catching up');
          expect(events.map((e) => e.type)).toEqual(['S2']);
          await store.appendToStream(`${category}-b`, [event('S3')]);
          await store.appendToStream(`unrelated-${run}`, [event('Noise')]);
          await store.appendToStream(`${category}-a`, [event('S4')]);
          await until(() => events.length >= 3, 'live events');
          await new Promise((r) => setTimeout(r, 300));
          expect(events.map((e) => e.type)).toEqual(['S2', 'S3', 'S4']);
        } finally {
          await subscription.stop();
        }
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('to one stream from a revision, going live', async () => {
        const s = stream('contractStream');
        await store.appendToStream(s, [event('R0'), event('R1'), event('R2')]);
        const { events, handler } = collect();
        const subscription = store.subscribeToStream(s, { from: 0n }, handler);
        try {
          await until(() => events.length === 2, 'history');
          await store.appendToStream(s, [event('R3')]);
          await until(() => events.length === 3, 'live');
          expect(events.map((e) => [e.type, e.revision])).toEqual([
            ['R1', 1n],
            ['R2', 2n],
            ['R3', 3n],
          ]);
        } finally {
          await subscription.stop();
        }
      });

      it('from the start delivers the whole stream', async () => {
        const s = stream('contractStream');
        await store.appendToStream(s, [event('R0'), event('R1')]);
        const { events, handler } = collect();
        const subscription = store.subscribeToStream(s, { from: 'start' }, handler);
        try {
          await until(() => events.length === 2, 'history');
          expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
        } finally {
          await subscription.stop();
        }
      });

      it('a failing handler stops the subscription and rejects done', async () => {
        const s = stream('contractFail');
        await store.appendToStream(s, [event('Boom')]);
        const subscription = store.subscribeToStream(s, { from: 'start' }, async () => {
          throw new Error('handler failed on purpose');
        });
        await expect(subscription.done).rejects.toThrow('handler failed on purpose');
      });
    });

    describe('listing streams', () => {
      it('by category prefix, in name order, paged', async () => {
        const category = `contractList${run}`;
        for (const suffix of ['c', 'a', 'b']) await store.appendToStream(`${category}-${suffix}`, [event('Opened')]);
        await store.appendToStream(`${category}x-z`, [event('Opened')]);
        const page1 = await store.listStreams({ prefix: `${category}-`, limit: 2 });
        expect(page1.map((s) => s.streamName)).toEqual([`${category}-a`, `${category}-b`]);
        const page2 = await store.listStreams({ prefix: `${category}-`, after: page1[1].streamName, limit: 2 });
        expect(page2.map((s) => s.streamName)).toEqual([`${category}-c`]);
        expect(page2[0].revision).toBe(0n);
      });
    });

    it('reports health with the head position', async () => {
      const { position } = await store.appendToStream(stream(), [event('A')]);
      const health = await store.health();
      expect(health.status).toBe('up');
      expect(health.headPosition! >= position).toBe(true);
    });
  });
}
