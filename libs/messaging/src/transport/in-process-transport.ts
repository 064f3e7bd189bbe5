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

interface Partition {
  /** The retained messages; `log[i]` has offset `base + i`. */
  log: IncomingMessage[];
  /** Offset of the oldest retained message: how many were dropped before it. */
  base: number;
}

interface Group {
  /** Next offset to deliver per `topic/partition`; kept when members stop, like Kafka's committed offsets. */
  readonly committed: Map<string, number>;
  readonly members: Set<Member>;
}

interface Member {
  readonly topics: readonly string[];
  stopped: boolean;
}

export interface InProcessTransportOptions {
  readonly defaultPartitions?: number;
  /** Smallest prefix of a partition dropped at once (default 1,024). */
  readonly minTrim?: number;
}

/** Java's String.hashCode, enough to spread keys over partitions deterministically. */
function hash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return Math.abs(h);
}

const BATCH = 500;

/**
 * The single-process transport (`npm start` with no Kafka): topics of
 * partitions kept in memory, consumer groups with committed offsets, per-key
 * order, at-least-once delivery (a failed batch is delivered again). It does
 * not survive a restart; nothing depends on that: the relay republishes from
 * its checkpoint in PostgreSQL, and consumers are idempotent.
 *
 * Retention: a partition drops the messages every group subscribed to it
 * (from its first `consume()`, running or stopped) has committed past;
 * offsets stay absolute. A partition no group subscribed to keeps everything.
 * A group subscribing later starts at the oldest retained message, like
 * Kafka's retention with the earliest reset.
 */
export class InProcessTransport implements MessageTransport {
  readonly kind = 'in-process' as const;
  private readonly topics = new Map<string, Partition[]>();
  private readonly groups = new Map<string, Group>();
  private readonly wakers = new Set<() => void>();
  private readonly defaultPartitions: number;
  private readonly minTrim: number;
  private closed = false;

  constructor(options: InProcessTransportOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 3;
    this.minTrim = options.minTrim ?? 1_024;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) this.topic(spec.topic, spec.partitions);
  }

  private topic(name: string, partitions = this.defaultPartitions): Partition[] {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = Array.from({ length: partitions }, () => ({ log: [], base: 0 }));
      this.topics.set(name, topic);
    }
    return topic;
  }

  /** Messages a topic's partitions hold now (read-only, for tests and health). */
  retained(topicName: string): number {
    return (this.topics.get(topicName) ?? []).reduce((sum, partition) => sum + partition.log.length, 0);
  }

  async publish(topicName: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('in-process transport is closed');
    const topic = this.topic(topicName);
    for (const message of messages) {
      const partition = hash(message.key) % topic.length;
      const { log, base } = topic[partition];
      log.push({
        topic: topicName,
        partition,
        offset: String(base + log.length),
        key: message.key,
        value: message.value,
        headers: { ...message.headers },
        timestamp: Date.now(),
      });
    }
    for (const wake of [...this.wakers]) wake();
  }

  /**
   * Drops the partition's prefix every subscribed group has committed past, once it is at least `minTrim`
   * messages and a quarter of the log: each retained message is copied a bounded number of times.
   */
  private trim(name: string, p: number): void {
    const key = `${name}/${p}`;
    let upTo = Infinity;
    for (const group of this.groups.values()) {
      const committed = group.committed.get(key);
      if (committed !== undefined) upTo = Math.min(upTo, committed);
    }
    if (upTo === Infinity) return;
    const partition = this.topic(name)[p];
    const prefix = upTo - partition.base;
    if (prefix < this.minTrim || prefix * 4 < partition.log.length) return;
    partition.log = prefix >= partition.log.length ? [] : partition.log.slice(prefix);
    partition.base = upTo;
  }

  async consume(options: ConsumeOptions, handler: MessageBatchHandler): Promise<RunningConsumer> {
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { committed: new Map(), members: new Set() };
      this.groups.set(options.groupId, group);
    }
    // The subscription holds its partitions' messages from now on, before the loop first looks at them.
    for (const name of options.topics) {
      this.topic(name).forEach((partition, p) => {
        const key = `${name}/${p}`;
        if (!group.committed.has(key)) group.committed.set(key, options.fromBeginning === false ? partition.base + partition.log.length : partition.base);
      });
    }
    const member: Member = { topics: options.topics, stopped: false };
    group.members.add(member);
    const owned = group;
    let wake: (() => void) | undefined;
    const loop = async (): Promise<void> => {
      while (!member.stopped && !this.closed) {
        let delivered = false;
        // Each group member takes the partitions whose index falls to it (a static, deterministic assignment).
        const members = [...owned.members];
        const index = members.indexOf(member);
        for (const name of member.topics) {
          const partitions = this.topic(name);
          for (let p = 0; p < partitions.length; p++) {
            if (p % members.length !== index) continue;
            const key = `${name}/${p}`;
            const { log, base } = partitions[p];
            const next = Math.max(owned.committed.get(key) ?? base, base);
            const batch = log.slice(next - base, next - base + BATCH);
            if (batch.length === 0) continue;
            await handler(batch);
            owned.committed.set(key, next + batch.length);
            this.trim(name, p);
            delivered = true;
            if (member.stopped) return;
          }
        }
        if (!delivered) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.wakers.add(resolve);
            setTimeout(resolve, 200);
          });
          if (wake) this.wakers.delete(wake);
        }
      }
    };
    const done = loop().finally(() => owned.members.delete(member));
    done.catch(() => undefined);
    return {
      done,
      stop: async () => {
        member.stopped = true;
        wake?.();
        await done.catch(() => undefined);
      },
    };
  }

  async lag(groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
    const committed = this.groups.get(groupId)?.committed;
    return topics.flatMap((name) =>
      (this.topics.get(name) ?? []).map(({ log, base }, partition) => ({
        topic: name,
        partition,
        behind: base + log.length - Math.max(committed?.get(`${name}/${partition}`) ?? base, base),
      })),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.wakers]) wake();
  }
}
