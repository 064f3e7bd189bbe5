import { DomainException, domainError } from '@o2c/kernel';

/**
 * The event store's contract, modelled on EventStoreDB's: streams with
 * revisions, a global `$all` log with positions, expected-revision appends,
 * idempotent appends by event id, and catch-up subscriptions.
 * Two adapters implement it (PostgreSQL, EventStoreDB); one contract suite
 * (`contract/event-store.contract.ts`) must pass against both.
 */

/** `any`: no check. `no_stream`: the stream must not exist. `stream_exists`: it must. A bigint: its last revision must be exactly that. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** Metadata carried by every event; `occurredAt` comes from the injected clock, as an ISO-8601 instant. */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly occurredAt: string;
  readonly [extra: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** A UUID. Deterministic ids (derived from the causing message) make retries idempotent. Generated when absent. */
  readonly id?: string;
  readonly type: Type;
  /** The event type's schema version; 1 when absent. Old versions are upcast on read, never rewritten. */
  readonly schemaVersion?: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly streamName: string;
  /** 0-based revision of the event in its stream. */
  readonly revision: bigint;
  /** Position in `$all`: strictly increasing in commit order. */
  readonly position: bigint;
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** The stream's last revision after the append (pass it as the next expected revision). */
  readonly nextExpectedRevision: bigint;
  /** The `$all` position of the last event appended (of the original append, for an idempotent repeat). */
  readonly position: bigint;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Default: 'start' forwards, 'end' backwards. */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number;
}

/** Categories are stream-name prefixes (`invoice-` for `invoice-INV-1`); see STYLE.md on dashes. */
export interface EventFilter {
  readonly streamNamePrefixes?: readonly string[];
  readonly eventTypePrefixes?: readonly string[];
}

export interface ReadAllOptions {
  readonly direction?: Direction;
  /** Inclusive. Default: 'start' forwards, 'end' backwards. */
  readonly fromPosition?: bigint | 'start' | 'end';
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: deliver events whose position is greater. 'start' delivers everything. */
  readonly from: bigint | 'start';
  readonly filter?: EventFilter;
  /** Largest batch handed to the handler at once. */
  readonly maxBatchSize?: number;
  /** Called each time the subscription has delivered everything stored and goes live. */
  readonly onCaughtUp?: () => void;
}

export interface SubscribeToStreamOptions {
  /** Exclusive checkpoint: deliver events whose revision is greater. 'start' delivers everything. */
  readonly from: bigint | 'start';
  readonly maxBatchSize?: number;
  readonly onCaughtUp?: () => void;
}

/**
 * Receives events in order, a batch at a time. The next batch waits for the
 * returned promise (back-pressure). A rejected promise stops the subscription
 * and rejects `done`: the caller restarts it from its own checkpoint.
 * The events may be the very objects handed to other subscriptions of the same store (one read, parsed once, for
 * every live subscription): treat them as read-only.
 */
export type BatchHandler = (events: readonly RecordedEvent[]) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
  /** Resolves when stopped by `stop()`, rejects with the handler's error. Connection losses are retried inside. */
  readonly done: Promise<void>;
}

export interface StreamInfo {
  readonly streamName: string;
  /** Last revision. */
  readonly revision: bigint;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ListStreamsOptions {
  /** A category prefix such as `invoice-`; all streams when absent. */
  readonly prefix?: string;
  /** Exclusive: stream names after this one (paging). */
  readonly after?: string;
  readonly limit?: number;
}

export interface StoreHealth {
  readonly status: 'up' | 'down';
  readonly adapter: 'postgresql' | 'eventstoredb';
  /** The `$all` head position when up. */
  readonly headPosition?: bigint;
  readonly detail?: string;
}

export interface EventStore {
  appendToStream(streamName: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams at once, each forwards from its own revision (from the start when absent): one array per stream
   * asked, in the order asked, empty for a stream that does not exist. (One round trip on PostgreSQL.)
   */
  readStreams(streams: readonly { readonly streamName: string; readonly fromRevision?: bigint }[]): Promise<RecordedEvent[][]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeToAllOptions, handler: BatchHandler): Subscription;
  subscribeToStream(streamName: string, options: SubscribeToStreamOptions, handler: BatchHandler): Subscription;
  listStreams(options?: ListStreamsOptions): Promise<StreamInfo[]>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

const show = (r: ExpectedRevision | bigint | 'no_stream'): string => (typeof r === 'bigint' ? r.toString() : r);

/** A wrong expectation: names the stream, what was expected and what is there. Nothing was written. */
export class WrongExpectedRevisionError extends DomainException {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      domainError(
        'conflict',
        'event_store.wrong_expected_revision',
        `stream "${streamName}": expected revision ${show(expected)}, actual ${show(actual)}`,
        { field: 'expectedRevision', details: { streamName, expected: show(expected), actual: show(actual) } },
      ),
    );
  }
}

/** The store cannot be reached (server down, connection lost). Nothing was written; try again. */
export class StoreUnavailableError extends DomainException {
  constructor(detail: string, override readonly cause?: unknown) {
    super(domainError('unavailable', 'event_store.unavailable', `event store unavailable: ${detail}`));
  }
}

/** The append itself is malformed (bad stream name, empty type, bad id): nothing was written. */
export class InvalidAppendError extends DomainException {
  constructor(field: string, message: string) {
    super(domainError('validation', 'event_store.invalid_append', message, { field }));
  }
}
