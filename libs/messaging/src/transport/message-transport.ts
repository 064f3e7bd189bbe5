/**
 * The bus between bounded contexts: Kafka in production, an in-process
 * transport with the same delivery semantics when KAFKA_BROKERS is unset.
 * Semantics both keep: a publish resolves once the message is durably
 * accepted; messages with the same key stay in order (one partition);
 * each consumer group gets every message at least once; a group's position
 * moves on only after its handler resolved for the messages before it.
 */
export interface OutgoingMessage {
  /** Partition key: one account's messages stay in order. */
  readonly key: string;
  /** JSON text. */
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  /** Decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
  /** When the broker (or the in-process log) accepted it, ms since the epoch. */
  readonly timestamp: number;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions?: number;
}

/**
 * Receives a partition's messages in order, a batch at a time. Resolving
 * commits the group's position after the last message; rejecting stops the
 * consumer (the caller handles retries and dead letters before that).
 */
export type MessageBatchHandler = (messages: readonly IncomingMessage[]) => Promise<void>;

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed position starts. Default: the beginning. */
  readonly fromBeginning?: boolean;
}

export interface RunningConsumer {
  stop(): Promise<void>;
  /** Rejects if the consumer stopped on an error. */
  readonly done: Promise<void>;
}

/** How many of a partition's messages a consumer group has not committed yet. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly behind: number;
}

export interface MessageTransport {
  readonly kind: 'kafka' | 'in-process';
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(options: ConsumeOptions, handler: MessageBatchHandler): Promise<RunningConsumer>;
  /**
   * The group's lag on every partition of `topics`: the newest offset minus its committed one; a partition it
   * has not committed on counts from the oldest message kept (a group never seen lags by everything kept).
   */
  lag(groupId: string, topics: readonly string[]): Promise<PartitionLag[]>;
  close(): Promise<void>;
}

export const MESSAGE_TRANSPORT = Symbol('MessageTransport');

/** Headers every o2c message carries. */
export const HEADERS = {
  messageId: 'o2c-message-id',
  type: 'o2c-type',
  schemaVersion: 'o2c-schema-version',
  correlationId: 'o2c-correlation-id',
  causationId: 'o2c-causation-id',
  context: 'o2c-context',
} as const;
