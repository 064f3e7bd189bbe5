import { PostgresEventStore } from '@o2c/event-store/postgres';
import { WrongExpectedRevisionError, type EventStore } from '@o2c/event-store';
import { deciderSpec } from '@o2c/kernel/testing';
import { createTestDatabase } from '../../../../test/support/database';
import { ManualClock } from '../clock/clock';
import { DomainException, domainError } from '../errors/domain-error';
import type { Decider } from './decider';
import { deterministicId } from './deterministic-id';
import { handleCommand } from './handle-command';
import { StreamStateCache } from './stream-cache';
import { inOrderedScope, PrecedingCommandFailedError, StreamCommandQueue, type OrderedCommands } from './stream-command-queue';

// A small credit line: enough business to show re-deciding on fresh state after a conflict.
type CreditEvent =
  | { type: 'CreditLineOpened'; data: { limitMinor: number } }
  | { type: 'CreditReserved'; data: { orderId: string; amountMinor: number } };
type CreditCommand = { type: 'OpenCreditLine'; limitMinor: number } | { type: 'ReserveCredit'; orderId: string; amountMinor: number };
type CreditState = { status: 'Empty' } | { status: 'Open'; limitMinor: number; reservedMinor: number };

const creditLine: Decider<CreditCommand, CreditEvent, CreditState> = {
  initialState: () => ({ status: 'Empty' }),
  evolve(state, event) {
    switch (event.type) {
      case 'CreditLineOpened':
        return { status: 'Open', limitMinor: event.data.limitMinor, reservedMinor: 0 };
      case 'CreditReserved':
        return state.status === 'Open' ? { ...state, reservedMinor: state.reservedMinor + event.data.amountMinor } : state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'OpenCreditLine':
        if (state.status !== 'Empty') throw new DomainException(domainError('conflict', 'credit.already_open', 'credit line already open'));
        return [{ type: 'CreditLineOpened', data: { limitMinor: command.limitMinor } }];
      case 'ReserveCredit':
        if (state.status !== 'Open') throw new DomainException(domainError('not_found', 'credit.not_open', 'no credit line'));
        if (state.reservedMinor + command.amountMinor > state.limitMinor) {
          throw new DomainException(domainError('rule_violation', 'credit.limit_exceeded', 'over the limit', { field: 'amountMinor' }));
        }
        return [{ type: 'CreditReserved', data: { orderId: command.orderId, amountMinor: command.amountMinor } }];
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
};

describe('decider given/when/then (no database)', () => {
  const spec = deciderSpec(creditLine);
  it('reserves within the limit', () =>
    spec
      .given([{ type: 'CreditLineOpened', data: { limitMinor: 100 } }])
      .when({ type: 'ReserveCredit', orderId: 'o1', amountMinor: 100 })
      .then([{ type: 'CreditReserved', data: { orderId: 'o1', amountMinor: 100 } }]));
  it('refuses over the limit, naming the field', () =>
    spec
      .given([
        { type: 'CreditLineOpened', data: { limitMinor: 100 } },
        { type: 'CreditReserved', data: { orderId: 'o1', amountMinor: 60 } },
      ])
      .when({ type: 'ReserveCredit', orderId: 'o2', amountMinor: 41 })
      .thenFails('credit.limit_exceeded', 'amountMinor'));
});

describe('deterministicId', () => {
  it('is a stable version-5 UUID of its name', () => {
    const id = deterministicId('payment-123|invoice-1');
    expect(id).toBe(deterministicId('payment-123|invoice-1'));
    expect(id).not.toBe(deterministicId('payment-124|invoice-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // RFC 9562 test vector: v5 of "www.example.com" in the DNS namespace.
    expect(deterministicId('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('handleCommand on real PostgreSQL', () => {
  let store: PostgresEventStore;
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  let n = 0;
  const stream = () => `creditLine-${Date.now().toString(36)}x${++n}`;
  const run = (s: string, command: CreditCommand, causationId: string, options: { maxRetries?: number; store?: EventStore } = {}) =>
    handleCommand(options.store ?? store, s, creditLine, command, { causationId, actor: 'user:cm-1', correlationId: 'flow-1' }, { clock, maxRetries: options.maxRetries });

  beforeAll(async () => {
    store = await PostgresEventStore.connect({ url: await createTestDatabase('decider') });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('appends the decided events with full metadata from the context and the clock', async () => {
    const s = stream();
    const outcome = await run(s, { type: 'OpenCreditLine', limitMinor: 500_00 }, 'msg-1');
    expect(outcome).toMatchObject({ revision: 0n, retries: 0, alreadyHandled: false, state: { status: 'Open', limitMinor: 500_00 } });
    const [event] = await store.readStream(s);
    expect(event.id).toBe(deterministicId(`msg-1|${s}|0`));
    expect(event.metadata).toMatchObject({ causationId: 'msg-1', correlationId: 'flow-1', actor: 'user:cm-1', commandId: 'msg-1', occurredAt: '2026-11-25T09:00:00.000Z' });
  });

  it('a redelivered command changes nothing', async () => {
    const s = stream();
    await run(s, { type: 'OpenCreditLine', limitMinor: 100 }, 'open');
    await run(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 40 }, 'order-o1');
    const again = await run(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 40 }, 'order-o1');
    expect(again).toMatchObject({ alreadyHandled: true, newEvents: [], state: { reservedMinor: 40 } });
    expect((await store.readStream(s)).map((e) => e.type)).toEqual(['CreditLineOpened', 'CreditReserved']);
  });

  it('two deliveries of the same command racing each other append once', async () => {
    const s = stream();
    await run(s, { type: 'OpenCreditLine', limitMinor: 100 }, 'open');
    const command: CreditCommand = { type: 'ReserveCredit', orderId: 'o1', amountMinor: 10 };
    await Promise.all(Array.from({ length: 5 }, () => run(s, command, 'order-o1', { maxRetries: 10 })));
    expect((await store.readStream(s)).filter((e) => e.type === 'CreditReserved')).toHaveLength(1);
  });

  it('concurrent writers conflict, re-read and re-decide: never over the limit', async () => {
    const s = stream();
    await run(s, { type: 'OpenCreditLine', limitMinor: 1000 }, 'open');
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => run(s, { type: 'ReserveCredit', orderId: `o${i}`, amountMinor: 100 }, `order-${i}`, { maxRetries: 40 })),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(10);
    expect(refused.map((r) => (r.reason as DomainException).error.code)).toEqual(Array(6).fill('credit.limit_exceeded'));
    const retries = accepted.reduce((sum, r) => sum + (r as PromiseFulfilledResult<{ retries: number }>).value.retries, 0);
    expect(retries).toBeGreaterThan(0);
    const events = await store.readStream(s);
    expect(events.filter((e) => e.type === 'CreditReserved')).toHaveLength(10);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
  });

  it('gives up after a bounded number of conflicts with a clear error, appending nothing', async () => {
    const s = stream();
    await run(s, { type: 'OpenCreditLine', limitMinor: 100 }, 'open');
    let appends = 0;
    const contested: EventStore = Object.create(store, {
      appendToStream: {
        value: async () => {
          appends++;
          throw new WrongExpectedRevisionError(s, 0n, 1n);
        },
      },
    });
    const error = await run(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 10 }, 'order-o1', { maxRetries: 2, store: contested }).catch((e: unknown) => e);
    expect((error as DomainException).error).toMatchObject({ code: 'command.too_many_conflicts', kind: 'conflict' });
    expect(appends).toBe(3);
    expect(await store.readStream(s)).toHaveLength(1);
  });

  describe('newStreamFirst (append expecting no stream, read only when that fails)', () => {
    /** The store, counting reads of one stream. */
    const counting = () => {
      const reads: string[] = [];
      const wrapped: EventStore = Object.create(store, {
        readStream: { value: (name: string, options: unknown) => (reads.push(name), store.readStream(name, options as never)) },
      });
      return { reads, wrapped };
    };
    const first = (on: EventStore, cache: StreamStateCache<CreditState>, s: string, command: CreditCommand, causationId: string) =>
      handleCommand(on, s, creditLine, command, { causationId, actor: 'user:cm-1' }, { clock, cache, newStreamFirst: true });

    it('creates a new stream without reading it; the same command again (another process) appends nothing; another command reads and decides as usual', async () => {
      const s = stream();
      const { reads, wrapped } = counting();
      const opened = await first(wrapped, new StreamStateCache(), s, { type: 'OpenCreditLine', limitMinor: 100 }, 'open');
      expect(opened).toMatchObject({ revision: 0n, alreadyHandled: false, state: { status: 'Open', limitMinor: 100 } });
      expect(reads).toEqual([]);
      // Another process (its own cache) with the same command: the store takes it as an idempotent repeat.
      await first(wrapped, new StreamStateCache(), s, { type: 'OpenCreditLine', limitMinor: 100 }, 'open');
      expect((await store.readStream(s)).map((e) => e.metadata.commandId)).toEqual(['open']);
      // Another command that opens: the stream exists, so it is read, and refused on what it holds.
      await expect(first(wrapped, new StreamStateCache(), s, { type: 'OpenCreditLine', limitMinor: 200 }, 'open-again')).rejects.toMatchObject({ error: { code: 'credit.already_open' } });
      // A command refused on the initial state is not refused for it: read, then decided on the stream.
      const cache = new StreamStateCache<CreditState>();
      const reserved = await first(wrapped, cache, s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 60 }, 'o1');
      expect(reserved).toMatchObject({ revision: 1n, state: { reservedMinor: 60 } });
      expect(reads).toEqual([s, s]);
      // Cached now: the next command decides without appending expecting no stream.
      await first(wrapped, cache, s, { type: 'ReserveCredit', orderId: 'o2', amountMinor: 40 }, 'o2');
      expect((await store.readStream(s)).map((e) => e.metadata.commandId)).toEqual(['open', 'o1', 'o2']);
    });
  });

  describe('with a stream-state cache (reads only what was appended since)', () => {
    const cached = (cache: StreamStateCache<CreditState>, s: string, command: CreditCommand, causationId: string) =>
      handleCommand(store, s, creditLine, command, { causationId, actor: 'user:cm-1' }, { clock, cache, maxRetries: 40 });

    it('two processes with caches of their own on one stream stay exact and idempotent', async () => {
      const s = stream();
      const a = new StreamStateCache<CreditState>();
      const b = new StreamStateCache<CreditState>();
      await cached(a, s, { type: 'OpenCreditLine', limitMinor: 1000 }, 'open');
      // b has never seen the stream; a's cache goes stale as b writes.
      for (let i = 0; i < 6; i++) await cached(i % 2 ? a : b, s, { type: 'ReserveCredit', orderId: `o${i}`, amountMinor: 100 }, `order-${i}`);
      expect((await cached(a, s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 100 }, 'order-1')).alreadyHandled).toBe(true);
      expect((await cached(b, s, { type: 'ReserveCredit', orderId: 'o0', amountMinor: 100 }, 'order-0')).alreadyHandled).toBe(true);
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => cached(i % 2 ? a : b, s, { type: 'ReserveCredit', orderId: `p${i}`, amountMinor: 100 }, `late-${i}`)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
      // Whichever wrote last, both caches catch up on their next read: the line is full for each.
      for (const cache of [a, b]) {
        const refused = await cached(cache, s, { type: 'ReserveCredit', orderId: 'q', amountMinor: 1 }, `q-${cache === a ? 'a' : 'b'}`).catch((e: unknown) => e);
        expect((refused as DomainException).error.code).toBe('credit.limit_exceeded');
        expect(cache.get(s)?.state).toMatchObject({ reservedMinor: 1000 });
      }
      const events = await store.readStream(s);
      expect(events.filter((e) => e.type === 'CreditReserved')).toHaveLength(10);
    });

    it('forgets the least recently used streams beyond its bound', () => {
      const cache = new StreamStateCache<number>(2);
      cache.set('x', { state: 1, revision: 0n, commandIds: new Set() });
      cache.set('y', { state: 2, revision: 0n, commandIds: new Set() });
      cache.get('x');
      cache.set('z', { state: 3, revision: 0n, commandIds: new Set() });
      expect([cache.get('x')?.state, cache.get('y'), cache.get('z')?.state]).toEqual([1, undefined, 3]);
      cache.set('x', { state: 0, revision: 0n, commandIds: new Set() });
      expect(cache.get('x')?.state).toBe(1);
    });
  });
  describe('StreamCommandQueue (commands queued on one stream decided together)', () => {
    /** The store, counting appends and optionally refusing appends of more than one event. */
    const counting = (refuseMany = false) => {
      const appends: number[] = [];
      const wrapped: EventStore = Object.create(store, {
        appendToStream: {
          value: (name: string, events: readonly unknown[], options: unknown) => {
            appends.push(events.length);
            if (refuseMany && events.length > 1) return Promise.reject(new Error('refused: more than one event'));
            return store.appendToStream(name, events as never, options as never);
          },
        },
      });
      return { appends, wrapped };
    };
    const ctx = (id: string) => ({ causationId: id, actor: 'user:cm-1' });

    it('decides the queued commands in order and appends them in one append, each with its own outcome', async () => {
      const s = stream();
      const { appends, wrapped } = counting();
      const queue = new StreamCommandQueue(wrapped, creditLine, { clock, cache: new StreamStateCache<CreditState>() });
      const outcomes = await Promise.allSettled([
        queue.execute(s, { type: 'OpenCreditLine', limitMinor: 100 }, ctx('open')),
        queue.execute(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 60 }, ctx('o1')),
        queue.execute(s, { type: 'ReserveCredit', orderId: 'o2', amountMinor: 50 }, ctx('o2')), // over the limit: refused, nothing appended for it
        queue.execute(s, { type: 'ReserveCredit', orderId: 'o3', amountMinor: 40 }, ctx('o3')), // decided on the state without o2
        queue.execute(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 60 }, ctx('o1')), // the same command again
      ]);
      expect(appends).toEqual([3]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(((outcomes[2] as PromiseRejectedResult).reason as DomainException).error.code).toBe('credit.limit_exceeded');
      const [open, o1, , o3, again] = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined));
      expect([open?.revision, o1?.revision, o3?.revision]).toEqual([0n, 1n, 2n]);
      expect(o3!.position! - o1!.position!).toBe(1n);
      expect(again).toMatchObject({ alreadyHandled: true, newEvents: [] });
      const events = await store.readStream(s);
      expect(events.map((e) => e.metadata.commandId)).toEqual(['open', 'o1', 'o3']);
      expect(events[2].id).toBe(deterministicId(`o3|${s}|0`));
      // The next round reads only what was appended since, and knows the command ids.
      const later = await queue.execute(s, { type: 'ReserveCredit', orderId: 'o3', amountMinor: 40 }, ctx('o3'));
      expect(later.alreadyHandled).toBe(true);
    });

    it('takes the state from decideAndFold when the decider gives it, instead of folding the events again', async () => {
      const s = stream();
      let evolved = 0;
      const folding: Decider<CreditCommand, CreditEvent, CreditState> = {
        ...creditLine,
        evolve: (state, event) => ((evolved += 1), creditLine.evolve(state, event)),
        decideAndFold: (command, state) => {
          const events = creditLine.decide(command, state);
          return { events, state: events.reduce(creditLine.evolve, state) };
        },
      };
      const queue = new StreamCommandQueue(store, folding, { clock, cache: new StreamStateCache<CreditState>() });
      await queue.execute(s, { type: 'OpenCreditLine', limitMinor: 100 }, ctx('open'));
      const reserved = await queue.execute(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 60 }, ctx('o1'));
      expect(reserved.state).toEqual({ status: 'Open', limitMinor: 100, reservedMinor: 60 });
      expect(evolved).toBe(0);
      await expect(queue.execute(s, { type: 'ReserveCredit', orderId: 'o2', amountMinor: 50 }, ctx('o2'))).rejects.toMatchObject({ error: { code: 'credit.limit_exceeded' } });
    });

    it('in an ordered scope, a failure refuses the scope\'s later commands undecided, not other scopes\' ones', async () => {
      const s = stream();
      const queue = new StreamCommandQueue(store, creditLine, { clock });
      await queue.execute(s, { type: 'OpenCreditLine', limitMinor: 100 }, ctx('open'));
      const ordered: OrderedCommands = {};
      const outcomes = await Promise.allSettled([
        inOrderedScope(ordered, () => queue.execute(s, { type: 'ReserveCredit', orderId: 'a1', amountMinor: 200 }, ctx('a1'))),
        inOrderedScope(ordered, () => queue.execute(s, { type: 'ReserveCredit', orderId: 'a2', amountMinor: 10 }, ctx('a2'))),
        queue.execute(s, { type: 'ReserveCredit', orderId: 'b1', amountMinor: 10 }, ctx('b1')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(PrecedingCommandFailedError);
      expect((await store.readStream(s)).map((e) => e.metadata.commandId)).toEqual(['open', 'b1']);
    });

    it('an append that fails for the round is tried again for each command alone', async () => {
      const s = stream();
      const { appends, wrapped } = counting(true);
      const queue = new StreamCommandQueue(wrapped, creditLine, { clock, cache: new StreamStateCache<CreditState>() });
      const outcomes = await Promise.all([
        queue.execute(s, { type: 'OpenCreditLine', limitMinor: 100 }, ctx('open')),
        queue.execute(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 60 }, ctx('o1')),
      ]);
      expect(appends).toEqual([2, 1, 1]);
      expect(outcomes.map((o) => o.revision)).toEqual([0n, 1n]);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['CreditLineOpened', 'CreditReserved']);
    });

    it('decides on its cached state without reading, and a write from elsewhere makes it read and decide again', async () => {
      const s = stream();
      let reads = 0;
      const reading: EventStore = Object.create(store, {
        readStream: {
          value: (...args: Parameters<EventStore['readStream']>) => {
            reads++;
            return store.readStream(...args);
          },
        },
      });
      const a = new StreamCommandQueue(reading, creditLine, { clock, cache: new StreamStateCache<CreditState>() });
      const elsewhere = new StreamCommandQueue(store, creditLine, { clock, cache: new StreamStateCache<CreditState>() });
      await a.execute(s, { type: 'OpenCreditLine', limitMinor: 100 }, ctx('open'));
      await a.execute(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 30 }, ctx('o1'));
      expect(reads).toBe(1);
      await elsewhere.execute(s, { type: 'ReserveCredit', orderId: 'o2', amountMinor: 60 }, ctx('o2'));
      // a's cache says 30 reserved: 30 more fits there, not on the stream (90): the append conflicts, a reads, refuses.
      const refused = await a.execute(s, { type: 'ReserveCredit', orderId: 'o3', amountMinor: 30 }, ctx('o3')).catch((e: unknown) => e);
      expect((refused as DomainException).error.code).toBe('credit.limit_exceeded');
      expect(reads).toBe(2);
      expect((await store.readStream(s)).map((e) => e.metadata.commandId)).toEqual(['open', 'o1', 'o2']);
    });

    it('with maxStreams, works on that many streams at once; the waiting streams gather their commands into one round', async () => {
      let reading = 0;
      let mostAtOnce = 0;
      const appends: number[] = [];
      const wrapped: EventStore = Object.create(store, {
        readStream: {
          value: async (name: string, options: unknown) => {
            mostAtOnce = Math.max(mostAtOnce, ++reading);
            try {
              return await store.readStream(name, options as never);
            } finally {
              reading -= 1;
            }
          },
        },
        appendToStream: { value: (name: string, events: readonly unknown[], options: unknown) => (appends.push(events.length), store.appendToStream(name, events as never, options as never)) },
      });
      const queue = new StreamCommandQueue(wrapped, creditLine, { clock, cache: new StreamStateCache<CreditState>(), maxStreams: 2 });
      const streams = Array.from({ length: 6 }, () => stream());
      const opened = streams.map((s) => queue.execute(s, { type: 'OpenCreditLine', limitMinor: 100 }, ctx(`open-${s}`)));
      // Queued after the first two streams took the two slots: the other four open and reserve in one round each.
      const reserved = streams.map((s) => queue.execute(s, { type: 'ReserveCredit', orderId: 'o1', amountMinor: 10 }, ctx(`o1-${s}`)));
      await Promise.all([...opened, ...reserved]);
      expect(mostAtOnce).toBe(2);
      expect(appends.filter((n) => n === 2)).toHaveLength(6);
      for (const s of streams) expect((await store.readStream(s)).map((e) => e.type)).toEqual(['CreditLineOpened', 'CreditReserved']);
    });

    it('two queues (two processes) on one stream conflict, re-read and re-decide: never over the limit', async () => {
      const s = stream();
      const a = new StreamCommandQueue(store, creditLine, { clock, cache: new StreamStateCache<CreditState>(), maxRetries: 40 });
      const b = new StreamCommandQueue(store, creditLine, { clock, cache: new StreamStateCache<CreditState>(), maxRetries: 40 });
      await a.execute(s, { type: 'OpenCreditLine', limitMinor: 1000 }, ctx('open'));
      const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).execute(s, { type: 'ReserveCredit', orderId: `o${i}`, amountMinor: 100 }, ctx(`o${i}`))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      const events = await store.readStream(s);
      expect(events.filter((e) => e.type === 'CreditReserved')).toHaveLength(10);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    });
  });
});
