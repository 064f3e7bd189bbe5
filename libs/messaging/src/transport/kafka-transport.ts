import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type IHeaders, type KafkaConfig, type Producer } from 'kafkajs';
import type {
  ConsumeOptions,
  IncomingMessage,
  MessageBatchHandler,
  MessageTransport,
  OutgoingMessage,
  PartitionLag,
  RunningConsumer,
  TopicSpec,
} from './message-transport';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly defaultPartitions?: number;
  /** Largest slice of a fetched batch handed to the handler at once (heartbeats go between slices). */
  readonly maxHandlerBatch?: number;
  /** Partitions of a consumer handled side by side (default 6, our topics' partition count). */
  readonly partitionsConsumedConcurrently?: number;
  readonly logLevel?: logLevel;
}

/** Marks an error thrown by our handler, so the consumer stops instead of kafkajs restarting it in a loop. */
class HandlerFailed extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'HandlerFailed';
  }
}

function causedByHandler(error: unknown): HandlerFailed | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof HandlerFailed) return e;
    e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Bytes per produce request: well under the broker's default message.max.bytes for the whole request. */
const PUBLISH_BYTES = 512 * 1024;

const sizeOf = (m: OutgoingMessage): number =>
  Buffer.byteLength(m.key) + Buffer.byteLength(m.value) + Object.entries(m.headers ?? {}).reduce((sum, [k, v]) => sum + k.length + Buffer.byteLength(v) + 8, 0) + 70;

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? String(v[0]) : String(v)]])));

/**
 * Kafka through kafkajs 2.2.4 (the design card's client; checked against
 * Kafka 4.3.1 in test/kafka). Idempotent producer with acks=all and one
 * request in flight, so a key's messages keep their order through retries.
 * Consumers commit a partition's offset only after the handler resolved for
 * the messages before it: at least once, never lost.
 */
export class KafkaTransport implements MessageTransport {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private producing: Promise<Producer> | undefined;
  private readonly consumers = new Set<Consumer>();
  private lagAdmin: Promise<Admin> | undefined;

  constructor(private readonly options: KafkaTransportOptions) {
    const config: KafkaConfig = {
      clientId: options.clientId ?? 'o2c',
      brokers: [...options.brokers],
      logLevel: options.logLevel ?? logLevel.ERROR,
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
    };
    this.kafka = new Kafka(config);
  }

  private async admin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.admin(async (admin) => {
          const existing = new Set(await admin.listTopics());
          const missing = topics.filter((t) => !existing.has(t.topic));
          if (missing.length === 0) return;
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions ?? this.options.defaultPartitions ?? 6, replicationFactor: -1 })),
          });
        });
        return;
      } catch (error) {
        // Processes starting together create the same topics: the loser's wait for leaders can fail ("does not host this topic-partition") while the winner's are elected. Look again.
        if (attempt >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producing) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producing = producer.connect().then(
        () => (this.producer = producer),
        (error: unknown) => {
          this.producing = undefined;
          throw error;
        },
      );
    }
    return this.producing;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    // The broker refuses a partition's record batch over message.max.bytes (1 MiB by default): large publishes go in
    // requests of at most PUBLISH_BYTES, one after the other, so each key's order holds.
    for (let from = 0; from < messages.length; ) {
      let bytes = 0;
      let to = from;
      while (to < messages.length && (to === from || bytes < PUBLISH_BYTES)) bytes += sizeOf(messages[to++]);
      await producer.send({
        topic,
        acks: -1,
        messages: messages.slice(from, to).map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
      });
      from = to;
    }
  }

  async consume(options: ConsumeOptions, handler: MessageBatchHandler): Promise<RunningConsumer> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      // Generous: a member busy on a slice under load must not be expelled (then its slice is redelivered to another).
      sessionTimeout: 30_000,
      rebalanceTimeout: 60_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
      retry: {
        retries: 10,
        initialRetryTime: 200,
        maxRetryTime: 5_000,
        // Broker trouble: kafkajs restarts the consumer. Our handler failing: stop, and say so in `done`.
        restartOnFailure: async (error: Error) => !causedByHandler(error),
      },
    });
    this.consumers.add(consumer);
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    done.catch(() => undefined);
    consumer.on(consumer.events.CRASH, (event) => {
      const failed = causedByHandler(event.payload.error);
      if (failed || !event.payload.restart) settle.reject(failed?.original ?? event.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    const slice = this.options.maxHandlerBatch ?? 1_000;
    let failed = false;
    await consumer.run({
      // Partitions hold different keys (accounts): handle them side by side, each in order.
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 6,
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString('utf8') ?? null,
          value: m.value?.toString('utf8') ?? '',
          headers: headersOf(m.headers),
          timestamp: Number(m.timestamp),
        }));
        for (let i = 0; i < messages.length; i += slice) {
          if (failed || !isRunning() || isStale()) return;
          const part = messages.slice(i, i + slice);
          // A slice can take longer than the session timeout on a busy machine: keep the membership alive meanwhile.
          const beating = setInterval(() => void heartbeat().catch(() => undefined), 3_000);
          try {
            await handler(part);
          } catch (error) {
            // Not thrown to kafkajs, which would retry the batch itself and then restart: this consumer stops,
            // commits nothing more, and its partitions go to the group's other members (or its next start).
            failed = true;
            consumer.pause(options.topics.map((topic) => ({ topic })));
            setImmediate(() => void consumer.disconnect().finally(() => settle.reject(error)));
            return;
          } finally {
            clearInterval(beating);
          }
          const last = part[part.length - 1].offset;
          resolveOffset(last);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
          await heartbeat();
        }
      },
    });
    return {
      done,
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
        settle.resolve();
      },
    };
  }

  /** One admin connection for lag (asked every second by /health), connected on first use and again after a failure. */
  private connectedLagAdmin(): Promise<Admin> {
    if (!this.lagAdmin) {
      const admin = this.kafka.admin();
      this.lagAdmin = admin.connect().then(
        () => admin,
        (error: unknown) => {
          this.lagAdmin = undefined;
          throw error;
        },
      );
    }
    return this.lagAdmin;
  }

  async lag(groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
    const asking = this.connectedLagAdmin();
    const admin = await asking;
    try {
      const [committed, watermarks] = await Promise.all([admin.fetchOffsets({ groupId, topics: [...topics] }), Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)))]);
      // -1: nothing committed on that partition.
      const position = new Map(committed.flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, BigInt(p.offset)] as const)));
      return topics.flatMap((topic, i) =>
        watermarks[i].map((w) => {
          const [low, high] = [BigInt(w.low), BigInt(w.high)];
          const at = position.get(`${topic}/${w.partition}`) ?? -1n;
          const from = at > low ? at : low;
          return { topic, partition: w.partition, behind: high > from ? Number(high - from) : 0 };
        }),
      );
    } catch (error) {
      if (this.lagAdmin === asking) this.lagAdmin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const lagAdmin = this.lagAdmin;
    this.lagAdmin = undefined;
    await lagAdmin?.then((admin) => admin.disconnect()).catch(() => undefined);
    for (const consumer of [...this.consumers]) await consumer.disconnect().catch(() => undefined);
    this.consumers.clear();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.producing = undefined;
  }
}
