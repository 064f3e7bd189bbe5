import type { MessageTransport, PartitionLag } from '../transport/message-transport';

export interface ConsumerGroupLag {
  /** Messages the group has not committed yet, over every partition of its topics. */
  readonly behind: number;
  readonly behindByTopic: Readonly<Record<string, number>>;
}

export interface SubscribedGroup {
  readonly groupId: string;
  readonly topics: readonly string[];
}

export interface ConsumerLagOptions {
  /** How long one answer is reused (Kafka: each answer costs admin round trips). */
  readonly reuseMs: number;
  /** Longest wait for the transport; then null, and its late answer serves the next call. */
  readonly timeoutMs: number;
}

type Answer = ReadonlyMap<string, readonly PartitionLag[] | null>;

/** Consumer groups' lag for /health, which scripts poll every second: one question to the transport at a time, never waited on long. */
export class ConsumerLag {
  private asked: { at: number; settled: boolean; answer: Promise<Answer> } | undefined;

  constructor(
    private readonly transport: MessageTransport,
    private readonly options: ConsumerLagOptions,
  ) {}

  /** Each group's lag, in the order given; null for a group whose transport failed or did not answer in time. */
  async of(groups: readonly SubscribedGroup[]): Promise<(ConsumerGroupLag | null)[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.options.timeoutMs)));
    const answer = await Promise.race([this.answer(groups), late]).finally(() => clearTimeout(timer));
    return groups.map((group) => {
      const partitions = answer?.get(group.groupId);
      if (!partitions) return null;
      const behindByTopic: Record<string, number> = {};
      for (const p of partitions) behindByTopic[p.topic] = (behindByTopic[p.topic] ?? 0) + p.behind;
      return { behind: partitions.reduce((sum, p) => sum + p.behind, 0), behindByTopic };
    });
  }

  private answer(groups: readonly SubscribedGroup[]): Promise<Answer> {
    const asked = this.asked;
    if (asked && !asked.settled) return asked.answer;
    if (asked && Date.now() - asked.at < this.options.reuseMs) {
      const reusable = asked.answer;
      return reusable.then((answer) => (groups.every((g) => answer.has(g.groupId)) ? answer : this.ask(groups)));
    }
    return this.ask(groups);
  }

  private ask(groups: readonly SubscribedGroup[]): Promise<Answer> {
    const answer = Promise.all(groups.map((g) => this.transport.lag(g.groupId, g.topics).catch(() => null))).then(
      (lags): Answer => new Map(groups.map((g, i) => [g.groupId, lags[i]])),
    );
    const asking = { at: 0, settled: false, answer };
    void answer.then(() => Object.assign(asking, { at: Date.now(), settled: true }));
    this.asked = asking;
    return answer;
  }
}
