import type { ConsumeOptions, IncomingMessage, MessageBatchHandler, MessageTransport, OutgoingMessage, RunningConsumer, TopicSpec } from './message-transport';

interface Partition {
  readonly log: IncomingMessage[];
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

/** Java's String.hashCode, enough to spread keys over partitions deterministically. */
function hash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/**
 * The single-process transport (`npm start` with no Kafka): topics of
 * partitions kept in memory, consumer groups with committed offsets, per-key
 * order, at-least-once delivery (a failed batch is delivered again). It does
 * not survive a restart; nothing depends on that: the relay republishes from
 * its checkpoint in PostgreSQL, and consumers are idempotent.
 */
export class InProcessTransport implements MessageTransport {
  readonly kind = 'in-process' as const;
  private readonly topics = new Map<string, Partition[]>();
  private readonly groups = new Map<string, Group>();
  private readonly wakers = new Set<() => void>();
  private closed = false;

  constructor(private readonly defaultPartitions = 3) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) this.topic(spec.topic, spec.partitions);
  }

  private topic(name: string, partitions = this.defaultPartitions): Partition[] {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = Array.from({ length: partitions }, () => ({ log: [] }));
      this.topics.set(name, topic);
    }
    return topic;
  }

  async publish(topicName: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('in-process transport is closed');
    const topic = this.topic(topicName);
    for (const message of messages) {
      const partition = hash(message.key) % topic.length;
      const log = topic[partition].log;
      log.push({
        topic: topicName,
        partition,
        offset: String(log.length),
        key: message.key,
        value: message.value,
        headers: { ...message.headers },
        timestamp: Date.now(),
      });
    }
    for (const wake of [...this.wakers]) wake();
  }

  async consume(options: ConsumeOptions, handler: MessageBatchHandler): Promise<RunningConsumer> {
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { committed: new Map(), members: new Set() };
      this.groups.set(options.groupId, group);
    }
    const member: Member = { topics: options.topics, stopped: false };
    group.members.add(member);
    for (const name of options.topics) this.topic(name);
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
            const next = owned.committed.get(key) ?? (options.fromBeginning === false ? partitions[p].log.length : 0);
            owned.committed.set(key, next);
            const batch = partitions[p].log.slice(next, next + 500);
            if (batch.length === 0) continue;
            await handler(batch);
            owned.committed.set(key, next + batch.length);
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

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.wakers]) wake();
  }
}
