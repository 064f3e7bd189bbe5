import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { prepareAppend } from '../append-validation';
import { filterMatcher } from '../event-filter';
import {
  InvalidAppendError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type BatchHandler,
  type EventFilter,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type ListStreamsOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreHealth,
  type StreamInfo,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../event-store.port';

/**
 * EventStoreDB positions are a (commit, prepare) pair ordered by commit then
 * prepare. Our port carries one bigint, so we pack the pair losslessly:
 * commit in the high 64 bits, prepare in the low 64. The order is kept and a
 * checkpoint converts back exactly (checkpoints need a numeric column, not int8).
 */
const LOW = (1n << 64n) - 1n;
export const packPosition = (position: Position): bigint => (position.commit << 64n) | position.prepare;
export const unpackPosition = (packed: bigint): Position => ({ commit: packed >> 64n, prepare: packed & LOW });
/** Stream reads on older servers carry no position (or the max value); we report -1 then. */
const NO_POSITION = -1n;

const SCHEMA_VERSION = 'schemaVersion';

export function toExpectedVersion(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

function fromExpectedVersion(expected: AppendExpectedRevision): ExpectedRevision {
  if (expected === ANY) return 'any';
  if (expected === NO_STREAM) return 'no_stream';
  if (expected === STREAM_EXISTS) return 'stream_exists';
  return expected;
}

/** Our metadata travels as EventStoreDB's JSON metadata, with its own `$correlationId`/`$causationId` conventions added. */
export function toStoredMetadata(metadata: EventMetadata, schemaVersion: number): Record<string, unknown> {
  return { ...metadata, [SCHEMA_VERSION]: schemaVersion, $correlationId: metadata.correlationId, $causationId: metadata.causationId };
}

export function fromStored(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const { [SCHEMA_VERSION]: schemaVersion, $correlationId: _c, $causationId: _k, ...metadata } = (event.metadata ?? {}) as Record<string, unknown>;
  const position = event.position && event.position.commit !== LOW ? packPosition(event.position) : NO_POSITION;
  return {
    id: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: event.data,
    metadata: metadata as unknown as EventMetadata,
    streamName: event.streamId,
    revision: event.revision,
    position,
    recordedAt: event.created,
  };
}

/** The filter as a predicate on a server's events; the server's own `$` events never match. */
function matcherOf(filter: EventFilter | undefined): (event: RecordedEvent) => boolean {
  const wanted = filterMatcher(filter);
  return (event) => !event.type.startsWith('$') && wanted(event);
}

export function matches(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  return matcherOf(filter)(event);
}

/** The server filters on one kind only; with both, it filters by stream and we filter types here. */
export function serverFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamNamePrefixes?.length) return streamNameFilter({ prefixes: [...filter.streamNamePrefixes] });
  if (filter?.eventTypePrefixes?.length) return eventTypeFilter({ prefixes: [...filter.eventTypePrefixes] });
  return excludeSystemEvents();
}

const UNAVAILABLE = new Set(['unavailable', 'deadline-exceeded', 'not-leader', 'timeout', 'cancelled']);
function isUnavailable(error: unknown): boolean {
  const type = (error as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && UNAVAILABLE.has(type);
}
function translate(error: unknown): unknown {
  return isUnavailable(error) ? new StoreUnavailableError((error as Error).message, error) : error;
}
const isStreamNotFound = (error: unknown): boolean => (error as { type?: unknown } | undefined)?.type === 'stream-not-found';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The event store on EventStoreDB (selected by EVENTSTORE_URL), through the
 * official client. No EventStoreDB server runs on our machines: this adapter
 * passes the contract suite only where one is reachable (see the README).
 */
export class EventStoreDbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  /** `esdb://host:2113?tls=false`. Fails with StoreUnavailableError when the server does not answer. */
  static async connect(connectionString: string): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
    const health = await store.health();
    if (health.status !== 'up') {
      await store.close();
      throw new StoreUnavailableError(`EventStoreDB at ${connectionString}: ${health.detail ?? 'no answer'}`);
    }
    return store;
  }

  async appendToStream(streamName: string, events: Parameters<EventStore['appendToStream']>[1], options: AppendOptions = {}): Promise<AppendResult> {
    const prepared = prepareAppend(streamName, events);
    const expected = options.expectedRevision ?? 'any';
    if (typeof expected === 'bigint' && expected < 0n) throw new InvalidAppendError('expectedRevision', 'expectedRevision must be a non-negative revision');
    try {
      const result = await this.client.appendToStream(
        streamName,
        prepared.map((e) => jsonEvent({ id: e.id, type: e.type, data: JSON.parse(e.data), metadata: toStoredMetadata(JSON.parse(e.metadata), e.schemaVersion) })),
        { expectedRevision: toExpectedVersion(expected) },
      );
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position ? packPosition(result.position) : NO_POSITION };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new WrongExpectedRevisionError(streamName, fromExpectedVersion(error.expectedVersion), actual);
      }
      throw translate(error);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: from === 'start' ? START : from === 'end' ? END : from,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const event = fromStored(resolved);
        if (event) out.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw translate(error);
    }
    return out;
  }

  /** One read per stream (the gRPC client has no multi-stream read), a few at a time. */
  async readStreams(streams: readonly { readonly streamName: string; readonly fromRevision?: bigint }[]): Promise<RecordedEvent[][]> {
    const out: RecordedEvent[][] = new Array(streams.length);
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < streams.length) {
        const i = next++;
        out[i] = await this.readStream(streams[i].streamName, streams[i].fromRevision !== undefined ? { fromRevision: streams[i].fromRevision } : {});
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, streams.length) }, reader));
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    const maxCount = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    try {
      // $all reads take no filter in this client: read on and filter here until maxCount matches.
      const read = this.client.readAll({
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromPosition: from === 'start' ? START : from === 'end' ? END : (unpackPosition(from) as ReadPosition),
      });
      const wanted = matcherOf(options.filter);
      for await (const resolved of read) {
        const event = fromStored(resolved);
        if (event && wanted(event)) out.push(event);
        if (out.length >= maxCount) {
          await read.cancel();
          break;
        }
      }
    } catch (error) {
      throw translate(error);
    }
    return out;
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: BatchHandler): Subscription {
    let checkpoint: bigint | 'start' = options.from;
    return this.runSubscription(
      () =>
        this.client.subscribeToAll({
          fromPosition: checkpoint === 'start' ? START : (unpackPosition(checkpoint) as ReadPosition),
          filter: serverFilter(options.filter),
        }),
      matcherOf(options.filter),
      (event) => (checkpoint = event.position),
      options,
      handler,
    );
  }

  subscribeToStream(streamName: string, options: SubscribeToStreamOptions, handler: BatchHandler): Subscription {
    let checkpoint: bigint | 'start' = options.from;
    return this.runSubscription(
      () => this.client.subscribeToStream(streamName, { fromRevision: checkpoint === 'start' ? START : checkpoint }),
      () => true,
      (event) => (checkpoint = event.revision),
      options,
      handler,
    );
  }

  /** Lists streams through the `$streams` system projection (system projections must be enabled on the server). */
  async listStreams(options: ListStreamsOptions = {}): Promise<StreamInfo[]> {
    const names: string[] = [];
    try {
      for await (const resolved of this.client.readStream('$streams', { resolveLinkTos: false, maxCount: Number.MAX_SAFE_INTEGER })) {
        const link = resolved.event;
        if (!link) continue;
        const target = typeof link.data === 'string' ? link.data : Buffer.from(link.data as Uint8Array).toString('utf8');
        const name = target.slice(target.indexOf('@') + 1);
        if (name.startsWith('$')) continue;
        if (options.prefix && !name.startsWith(options.prefix)) continue;
        if (options.after !== undefined && name <= options.after) continue;
        names.push(name);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw translate(error);
    }
    names.sort();
    const page = names.slice(0, options.limit ?? 100);
    const infos: StreamInfo[] = [];
    for (const streamName of page) {
      const [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
      const [first] = await this.readStream(streamName, { maxCount: 1 });
      if (last && first) infos.push({ streamName, revision: last.revision, createdAt: first.recordedAt, updatedAt: last.recordedAt });
    }
    return infos;
  }

  async health(): Promise<StoreHealth> {
    try {
      const [head] = await this.readAllRaw();
      return { status: 'up', adapter: 'eventstoredb', headPosition: head ?? 0n };
    } catch (error) {
      return { status: 'down', adapter: 'eventstoredb', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async readAllRaw(): Promise<bigint[]> {
    const positions: bigint[] = [];
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      if (resolved.event?.position) positions.push(packPosition(resolved.event.position));
    }
    return positions;
  }

  /**
   * Turns the client's readable subscription into our batch contract: batches
   * of what is already buffered, one at a time (back-pressure), `onCaughtUp`
   * after the history, resubscription from the last delivered event when the
   * connection drops, and `done` rejected by a failing handler.
   */
  private runSubscription(
    open: () => AsyncIterable<ResolvedEvent | AllStreamResolvedEvent> & NodeJS.EventEmitter & { unsubscribe(): Promise<void>; readableLength: number },
    keep: (event: RecordedEvent) => boolean,
    advance: (event: RecordedEvent) => void,
    options: { maxBatchSize?: number; onCaughtUp?: () => void },
    handler: BatchHandler,
  ): Subscription {
    const maxBatch = options.maxBatchSize ?? 500;
    let stopped = false;
    let current: ReturnType<typeof open> | undefined;
    const loop = async (): Promise<void> => {
      let attempt = 0;
      while (!stopped) {
        const subscription = open();
        current = subscription;
        let idle = false;
        let caughtUpPending = false;
        subscription.on('caughtUp', () => {
          if (idle) options.onCaughtUp?.();
          else caughtUpPending = true;
        });
        try {
          const iterator = subscription[Symbol.asyncIterator]();
          let batch: RecordedEvent[] = [];
          for (;;) {
            idle = batch.length === 0 && subscription.readableLength === 0;
            if (idle && caughtUpPending) {
              caughtUpPending = false;
              options.onCaughtUp?.();
            }
            const next = await iterator.next();
            idle = false;
            if (next.done || stopped) break;
            attempt = 0;
            const event = fromStored(next.value);
            if (event && keep(event)) batch.push(event);
            if (batch.length > 0 && (batch.length >= maxBatch || subscription.readableLength === 0)) {
              await handler(batch);
              advance(batch[batch.length - 1]);
              batch = [];
            }
          }
          if (batch.length > 0 && !stopped) {
            await handler(batch);
            advance(batch[batch.length - 1]);
          }
          return;
        } catch (error) {
          if (stopped) return;
          if (!isUnavailable(error)) throw error;
          attempt++;
          await sleep(Math.min(5000, 100 * 2 ** attempt));
        } finally {
          await subscription.unsubscribe().catch(() => undefined);
        }
      }
    };
    const done = loop();
    return {
      done,
      stop: async () => {
        stopped = true;
        await current?.unsubscribe().catch(() => undefined);
        await done.catch(() => undefined);
      },
    };
  }
}
