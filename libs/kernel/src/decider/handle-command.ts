import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '@o2c/event-store';
import type { Clock } from '../clock/clock';
import { DomainException, domainError } from '../errors/domain-error';
import type { Decider, DomainEvent } from './decider';
import { deterministicId } from './deterministic-id';
import type { StreamStateCache } from './stream-cache';

/** Who asked, and in which business flow: copied into every event's metadata. */
export interface CommandContext {
  /** The message that caused this command (a request id, an ingress message id, an event id). Event ids derive from it. */
  readonly causationId: string;
  /** The whole business flow; defaults to the causation id. */
  readonly correlationId?: string;
  /** `user:<id>`, `svc:<name>`, `system:<job>`. */
  readonly actor: string;
  /** What makes this command unique; a stream that already holds events of this id has handled it. Defaults to the causation id. */
  readonly commandId?: string;
}

export interface HandleCommandOptions<Event extends DomainEvent, State = unknown> {
  readonly clock: Clock;
  /** Appends retried after a concurrent writer moved the stream; each retry re-reads and re-decides. Default 3. */
  readonly maxRetries?: number;
  /** Turns a stored event into the decider's event: the place for upcasters. Default: type, data and version as stored. */
  readonly fromRecorded?: (event: RecordedEvent) => Event;
  /** Extra metadata on every event (e.g. a tenant). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * Keeps streams' folded state between commands so the next one reads only
   * the events appended since (one per decider; evolve must not mutate state).
   */
  readonly cache?: StreamStateCache<State>;
  /**
   * For streams a command nearly always creates (a reminder per notice): when the cache knows nothing of the stream,
   * decide on the initial state and append expecting no stream, without reading first. A stream that exists fails the
   * expectation, and is then read and decided as usual; one that holds these very events (the same command again) is
   * an idempotent repeat the store accepts: its outcome reports the events as appended.
   */
  readonly newStreamFirst?: boolean;
}

export interface CommandOutcome<State, Event extends DomainEvent> {
  /** The events this decision appended; empty when the decider had nothing to add (an idempotent repeat). */
  readonly newEvents: readonly Event[];
  readonly state: State;
  /** The stream's last revision after the decision, or undefined when the stream still does not exist. */
  readonly revision: bigint | undefined;
  readonly position: bigint | undefined;
  /** How many times the append met a concurrent writer and was decided again. */
  readonly retries: number;
  /** True when the stream already held this command's events: nothing was decided or appended. */
  readonly alreadyHandled: boolean;
}

const defaultFromRecorded = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data, schemaVersion: event.schemaVersion }) as unknown as Event;

/** A decided event as the store takes it: its metadata says who asked, in which flow, by which command, when. */
export function eventToAppend(
  id: string,
  event: DomainEvent,
  context: CommandContext,
  commandId: string,
  occurredAt: string,
  extra?: Readonly<Record<string, unknown>>,
): NewEvent {
  return {
    id,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata: {
      ...extra,
      correlationId: context.correlationId ?? context.causationId,
      causationId: context.causationId,
      actor: context.actor,
      commandId,
      occurredAt,
    },
  };
}

const isWrongExpectedRevision = (error: unknown): boolean =>
  error instanceof DomainException && error.error.code === 'event_store.wrong_expected_revision';

/**
 * The decider runner: load the stream, fold `evolve`, run the pure `decide`,
 * append with the revision it read. A concurrent writer makes the append fail
 * with a wrong expected revision; then it reads again and decides again, a
 * bounded number of times.
 * Idempotent on the command id (default: the causation id), which every event
 * carries in its metadata: a redelivered message finds its events already in
 * the stream and changes nothing. Event ids derive from the command id too, so
 * two deliveries racing on the same state append the same ids, and the store
 * absorbs the second.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamName: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: HandleCommandOptions<Event, State>,
): Promise<CommandOutcome<State, Event>> {
  const maxRetries = options.maxRetries ?? 3;
  const fromRecorded = options.fromRecorded ?? defaultFromRecorded<Event>;
  for (let attempt = 0; ; attempt++) {
    const cached = options.cache?.get(streamName);
    if (attempt === 0 && !cached && options.newStreamFirst) {
      const created = await createStream(store, streamName, decider, command, context, options);
      if (created) return created;
    }
    const recorded = await store.readStream(streamName, cached ? { fromRevision: cached.revision + 1n } : undefined);
    let state = cached ? cached.state : decider.initialState();
    for (const event of recorded) state = decider.evolve(state, fromRecorded(event));
    const revision = recorded.length ? recorded[recorded.length - 1].revision : cached?.revision;
    // Facts only ever add command ids, so the cached set grows in place.
    const commandIds = options.cache ? ((cached?.commandIds as Set<string> | undefined) ?? new Set<string>()) : undefined;
    if (commandIds) for (const event of recorded) if (typeof event.metadata.commandId === 'string') commandIds.add(event.metadata.commandId);
    if (options.cache && revision !== undefined) options.cache.set(streamName, { state, revision, commandIds: commandIds! });
    const commandId = context.commandId ?? context.causationId;
    if (commandIds ? commandIds.has(commandId) : recorded.some((event) => event.metadata.commandId === commandId)) {
      return { newEvents: [], state, revision, position: undefined, retries: attempt, alreadyHandled: true };
    }

    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) return { newEvents, state, revision, position: undefined, retries: attempt, alreadyHandled: false };

    const expectedRevision: ExpectedRevision = revision === undefined ? 'no_stream' : revision;
    let result: AppendResult;
    try {
      result = await appendDecided(store, streamName, newEvents, context, options, expectedRevision);
    } catch (error) {
      if (!isWrongExpectedRevision(error)) throw error;
      if (attempt >= maxRetries) {
        throw new DomainException(
          domainError('conflict', 'command.too_many_conflicts', `stream "${streamName}" kept changing: gave up after ${attempt + 1} attempts`, {
            details: { streamName, attempts: attempt + 1 },
          }),
        );
      }
      continue;
    }
    for (const event of newEvents) state = decider.evolve(state, event);
    if (options.cache && commandIds) options.cache.set(streamName, { state, revision: result.nextExpectedRevision, commandIds: commandIds.add(commandId) });
    return { newEvents, state, revision: result.nextExpectedRevision, position: result.position, retries: attempt, alreadyHandled: false };
  }
}

/** Appends a command's decided events with their deterministic ids (command id, stream, index: a repeat is the store's idempotent append). */
function appendDecided<Event extends DomainEvent, State>(
  store: EventStore,
  streamName: string,
  newEvents: readonly Event[],
  context: CommandContext,
  options: HandleCommandOptions<Event, State>,
  expectedRevision: ExpectedRevision,
): Promise<AppendResult> {
  const commandId = context.commandId ?? context.causationId;
  const occurredAt = options.clock.now().toISOString();
  const base = `${commandId}|${streamName}`;
  return store.appendToStream(
    streamName,
    newEvents.map((event, i) => eventToAppend(deterministicId(`${base}|${i}`), event, context, commandId, occurredAt, options.metadata)),
    { expectedRevision },
  );
}

/** `newStreamFirst`: the command decided on the initial state and appended expecting no stream; undefined when that does not settle it (then read). */
async function createStream<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamName: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: HandleCommandOptions<Event, State>,
): Promise<CommandOutcome<State, Event> | undefined> {
  let state = decider.initialState();
  let newEvents: readonly Event[];
  try {
    newEvents = decider.decide(command, state);
  } catch {
    return undefined; // a refusal on a state that may not be the stream's
  }
  if (newEvents.length === 0) return undefined;
  const commandId = context.commandId ?? context.causationId;
  let result: AppendResult;
  try {
    result = await appendDecided(store, streamName, newEvents, context, options, 'no_stream');
  } catch (error) {
    if (isWrongExpectedRevision(error)) return undefined;
    throw error;
  }
  for (const event of newEvents) state = decider.evolve(state, event);
  // Cached at the revision of these events: what follows them in a stream that held them already is read by the next command.
  options.cache?.set(streamName, { state, revision: result.nextExpectedRevision, commandIds: new Set([commandId]) });
  return { newEvents, state, revision: result.nextExpectedRevision, position: result.position, retries: 0, alreadyHandled: false };
}
