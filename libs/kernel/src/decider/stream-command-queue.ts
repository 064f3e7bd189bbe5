import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendResult, EventStore, ExpectedRevision } from '@o2c/event-store';
import { DomainException, domainError } from '../errors/domain-error';
import type { Decider, DomainEvent } from './decider';
import { deterministicId } from './deterministic-id';
import { eventToAppend, type CommandContext, type CommandOutcome, type HandleCommandOptions } from './handle-command';

/**
 * Marks commands that depend on each other's order (one Kafka key's messages
 * in a consumer batch): once one of them fails, the later ones are refused
 * without being decided, exactly as if they had waited for it.
 */
export interface OrderedCommands {
  failed?: unknown;
}

const orderedScope = new AsyncLocalStorage<OrderedCommands>();

/** Runs `work` so that every command it queues belongs to `scope`. */
export function inOrderedScope<T>(scope: OrderedCommands, work: () => T): T {
  return orderedScope.run(scope, work);
}

/** A command refused because an earlier command of its ordered scope failed: it was not decided, nothing was appended. */
export class PrecedingCommandFailedError extends Error {
  constructor(readonly preceding: unknown) {
    super(`an earlier command of the same ordered batch failed: ${preceding instanceof Error ? preceding.message : String(preceding)}`);
    this.name = 'PrecedingCommandFailedError';
  }
}

export interface BatchedCommand<Command> {
  readonly command: Command;
  readonly context: CommandContext;
  readonly scope?: OrderedCommands;
}

export type BatchedOutcome<State, Event extends DomainEvent> = { readonly ok: true; readonly outcome: CommandOutcome<State, Event> } | { readonly ok: false; readonly error: unknown };

const isWrongExpectedRevision = (error: unknown): boolean => error instanceof DomainException && error.error.code === 'event_store.wrong_expected_revision';

const defaultFromRecorded = <Event extends DomainEvent>(event: { type: string; data: unknown; schemaVersion: number }): Event =>
  ({ type: event.type, data: event.data, schemaVersion: event.schemaVersion }) as unknown as Event;

/**
 * The decider runner for several commands on one stream: one read, `decide`
 * for each command in order on the state the earlier ones left, and one
 * append of all their events with the revision it read. The result is the
 * one the commands would have had one after the other: each is idempotent on
 * its command id, a refused command appends nothing and the next is decided
 * on the state before it; a conflict re-reads and decides them all again
 * (bounded), and an append that fails otherwise is tried again for each
 * command alone, so one bad command never fails its neighbours.
 * On any failure the cached state is dropped (evolve may update it in place).
 */
export async function handleCommands<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamName: string,
  decider: Decider<Command, Event, State>,
  commands: readonly BatchedCommand<Command>[],
  options: HandleCommandOptions<Event, State> & { readonly optimistic?: boolean },
): Promise<BatchedOutcome<State, Event>[]> {
  const maxRetries = options.maxRetries ?? 3;
  const fromRecorded = options.fromRecorded ?? defaultFromRecorded<Event>;
  const cache = options.cache;
  for (let attempt = 0; ; attempt++) {
    const cached = cache?.get(streamName);
    // Optimistic: decide on the cached state without reading; the append's expected revision tells whether another
    // process wrote meanwhile (then it reads and decides again). Refusals and empty decisions are never trusted to it.
    const optimistic = options.optimistic === true && attempt === 0 && cached !== undefined;
    let recorded: Awaited<ReturnType<EventStore['readStream']>> = [];
    try {
      if (!optimistic) recorded = await store.readStream(streamName, cached ? { fromRevision: cached.revision + 1n } : undefined);
    } catch (error) {
      return commands.map(() => ({ ok: false, error }));
    }
    let state: State;
    try {
      state = cached ? cached.state : decider.initialState();
      for (const event of recorded) state = decider.evolve(state, fromRecorded(event));
    } catch (error) {
      cache?.delete(streamName);
      return commands.map(() => ({ ok: false, error }));
    }
    // Facts only ever add command ids: the cached set grows in place, with what the stream holds only.
    const commandIds = (cached?.commandIds as Set<string> | undefined) ?? new Set<string>();
    for (const event of recorded) if (typeof event.metadata.commandId === 'string') commandIds.add(event.metadata.commandId);
    const revision = recorded.length ? recorded[recorded.length - 1].revision : cached?.revision;
    if (cache && revision !== undefined) cache.set(streamName, { state, revision, commandIds });

    const decidedIds = new Set<string>();
    const occurredAt = options.clock.now().toISOString();
    const results: (BatchedOutcome<State, Event> | { ok: true; pending: { newEvents: readonly Event[]; state: State; lastRow: number } })[] = [];
    const rows: { id: string; event: Event; context: CommandContext; commandId: string }[] = [];
    const failedHere = new Set<OrderedCommands>();
    for (const { command, context, scope } of commands) {
      if (scope?.failed !== undefined) {
        results.push({ ok: false, error: new PrecedingCommandFailedError(scope.failed) });
        continue;
      }
      const commandId = context.commandId ?? context.causationId;
      if (commandIds.has(commandId) || decidedIds.has(commandId)) {
        results.push({ ok: true, outcome: { newEvents: [], state, revision: revision === undefined ? undefined : revision + BigInt(rows.length), position: undefined, retries: attempt, alreadyHandled: true } });
        continue;
      }
      let newEvents: readonly Event[];
      let folded: { readonly events: readonly Event[]; readonly state: State } | undefined;
      try {
        folded = decider.decideAndFold?.(command, state);
        newEvents = folded ? folded.events : decider.decide(command, state);
      } catch (error) {
        if (scope) {
          scope.failed = error;
          failedHere.add(scope);
        }
        results.push({ ok: false, error });
        continue;
      }
      const base = `${commandId}|${streamName}`;
      newEvents.forEach((event, i) => rows.push({ id: deterministicId(`${base}|${i}`), event, context, commandId }));
      try {
        if (folded) state = folded.state;
        else for (const event of newEvents) state = decider.evolve(state, event);
      } catch (error) {
        cache?.delete(streamName);
        return commands.map(() => ({ ok: false, error }));
      }
      decidedIds.add(commandId);
      results.push({ ok: true, pending: { newEvents, state, lastRow: rows.length - 1 } });
    }

    if (optimistic && results.some((r) => !r.ok || ('pending' in r && r.pending.newEvents.length === 0))) {
      // A refusal or an empty decision on a state that may be stale: read what was appended since, decide again.
      if (rows.length > 0) cache?.delete(streamName); // evolve may have folded this round's decisions into it in place
      for (const scope of failedHere) scope.failed = undefined;
      continue;
    }

    let appended: AppendResult | undefined;
    if (rows.length > 0) {
      const expectedRevision: ExpectedRevision = revision === undefined ? 'no_stream' : revision;
      try {
        appended = await store.appendToStream(
          streamName,
          rows.map(({ id, event, context, commandId }) => eventToAppend(id, event, context, commandId, occurredAt, options.metadata)),
          { expectedRevision },
        );
      } catch (error) {
        cache?.delete(streamName);
        // Decided again (or alone) below: refusals of this round are not final.
        for (const scope of failedHere) scope.failed = undefined;
        if (isWrongExpectedRevision(error)) {
          if (attempt < maxRetries) continue;
          const tooMany = new DomainException(
            domainError('conflict', 'command.too_many_conflicts', `stream "${streamName}" kept changing: gave up after ${attempt + 1} attempts`, {
              details: { streamName, attempts: attempt + 1 },
            }),
          );
          return commands.map(() => ({ ok: false, error: tooMany }));
        }
        if (commands.length === 1) return [{ ok: false, error }];
        // Which command made the append fail is unknown: each alone now, in order.
        const alone: BatchedOutcome<State, Event>[] = [];
        for (const command of commands) {
          const [outcome] = await handleCommands(store, streamName, decider, [command], options);
          if (!outcome.ok && command.scope && command.scope.failed === undefined) command.scope.failed = outcome.error;
          alone.push(outcome);
        }
        return alone;
      }
      if (cache) {
        for (const id of decidedIds) commandIds.add(id);
        cache.set(streamName, { state, revision: appended.nextExpectedRevision, commandIds });
      }
    }
    const lastRevision = appended?.nextExpectedRevision;
    return results.map((result) => {
      if (!('pending' in result)) return result;
      const { newEvents, state: after, lastRow } = result.pending;
      if (newEvents.length === 0 || !appended || lastRevision === undefined) {
        return { ok: true, outcome: { newEvents, state: after, revision, position: undefined, retries: attempt, alreadyHandled: false } };
      }
      const behind = BigInt(rows.length - 1 - lastRow);
      return { ok: true, outcome: { newEvents, state: after, revision: lastRevision - behind, position: appended.position - behind, retries: attempt, alreadyHandled: false } };
    });
  }
}

interface Queued<Command, State, Event extends DomainEvent> extends BatchedCommand<Command> {
  readonly resolve: (outcome: CommandOutcome<State, Event>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs commands one stream at a time, in the order they arrive, and decides
 * the commands that queued up behind a running one together (handleCommands):
 * a busy account costs one read and one append per round instead of one per
 * command. Across processes the expected revision still decides.
 */
export class StreamCommandQueue<Command, Event extends DomainEvent, State> {
  private readonly queues = new Map<string, Queued<Command, State, Event>[]>();
  /** Streams waiting for a free slot (with `maxStreams`), in arrival order; their queues keep gathering commands meanwhile. */
  private readonly waiting: { streamName: string; queue: Queued<Command, State, Event>[] }[] = [];
  private active = 0;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    /**
     * `optimistic` (default true): decide on the cached state without a read when this process wrote the stream last.
     * `maxStreams` (default unbounded): how many streams are read and appended at once; a consumer batch naming
     * thousands of streams otherwise asks the store's pool for thousands of connections at the same instant.
     */
    private readonly options: HandleCommandOptions<Event, State> & { readonly maxBatch?: number; readonly optimistic?: boolean; readonly maxStreams?: number },
  ) {}

  /**
   * Reads the streams not in the cache in one read of the store (readStreams) and caches their folded state, so the
   * commands that follow decide on it without a read of their own (optimistic: the append's expected revision still
   * catches a stream changed meanwhile). Needs the cache; a stream that does not exist is left alone.
   */
  async prefetch(streamNames: readonly string[]): Promise<void> {
    const cache = this.options.cache;
    if (!cache) return;
    const missing = streamNames.filter((name) => cache.get(name) === undefined && !this.queues.has(name));
    if (missing.length === 0) return;
    const read = await this.store.readStreams(missing.map((streamName) => ({ streamName })));
    const fromRecorded = this.options.fromRecorded ?? defaultFromRecorded<Event>;
    missing.forEach((streamName, i) => {
      const recorded = read[i];
      if (recorded.length === 0) return;
      let state = this.decider.initialState();
      const commandIds = new Set<string>();
      for (const event of recorded) {
        state = this.decider.evolve(state, fromRecorded(event));
        if (typeof event.metadata.commandId === 'string') commandIds.add(event.metadata.commandId);
      }
      // Kept only if newer than what a command cached meanwhile.
      cache.set(streamName, { state, revision: recorded[recorded.length - 1].revision, commandIds });
    });
  }

  execute(streamName: string, command: Command, context: CommandContext): Promise<CommandOutcome<State, Event>> {
    return new Promise((resolve, reject) => {
      const entry: Queued<Command, State, Event> = { command, context, scope: orderedScope.getStore(), resolve, reject };
      const queue = this.queues.get(streamName);
      if (queue) {
        queue.push(entry);
        return;
      }
      const fresh = [entry];
      this.queues.set(streamName, fresh);
      if (this.active >= (this.options.maxStreams ?? Infinity)) {
        this.waiting.push({ streamName, queue: fresh });
        return;
      }
      this.active += 1;
      // The commands issued in this turn of the event loop join the first round.
      setImmediate(() => void this.drain(streamName, fresh));
    });
  }

  private async drain(streamName: string, queue: Queued<Command, State, Event>[]): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    while (queue.length > 0) {
      const round = queue.splice(0, maxBatch);
      let outcomes: BatchedOutcome<State, Event>[];
      try {
        outcomes = await handleCommands(this.store, streamName, this.decider, round, { ...this.options, optimistic: this.options.optimistic ?? true });
      } catch (error) {
        outcomes = round.map(() => ({ ok: false, error }));
      }
      round.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) entry.resolve(outcome.outcome);
        else {
          if (entry.scope && entry.scope.failed === undefined) entry.scope.failed = outcome.error;
          entry.reject(outcome.error);
        }
      });
    }
    this.queues.delete(streamName);
    const next = this.waiting.shift();
    if (next) void this.drain(next.streamName, next.queue);
    else this.active -= 1;
  }
}
