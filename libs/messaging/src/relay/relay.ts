import { topicOf, type PublishedEvent } from '@o2c/contracts';
import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@o2c/event-store';
import type { DataSource } from 'typeorm';
import { migrateMessaging } from '../schema';
import { HEADERS, type MessageTransport, type OutgoingMessage } from '../transport/message-transport';

/**
 * A context's gateway to the bus (STYLE.md rule 7): it turns the context's
 * internal events into published contracts. Events it returns nothing for
 * stay internal.
 */
export interface Translator {
  readonly context: PublishedEvent['context'];
  /** The context's streams, by category prefix. */
  readonly filter: EventFilter;
  translate(event: RecordedEvent): PublishedEvent | undefined;
}

export interface RelayOptions {
  /** Checkpoint name; one relay per name runs at a time (others wait on the checkpoint lock). */
  readonly name?: string;
  readonly batchSize?: number;
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown) => void;
  /** The topic of a context's published events; default `o2c.<context>.events`. */
  readonly topicOf?: (context: PublishedEvent['context']) => string;
}

export function toOutgoing(published: PublishedEvent): OutgoingMessage {
  return {
    key: published.key,
    value: JSON.stringify(published),
    headers: {
      [HEADERS.messageId]: published.metadata.messageId,
      [HEADERS.type]: published.type,
      [HEADERS.schemaVersion]: String(published.schemaVersion),
      [HEADERS.correlationId]: published.metadata.correlationId,
      [HEADERS.causationId]: published.metadata.causationId,
      [HEADERS.context]: published.context,
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The relay: a catch-up subscription on the store that publishes each
 * context's published events to its topic, keyed so one account's events stay
 * in order, and stores its checkpoint only after the broker acknowledged the
 * batch. A crash between the two republishes the batch: at least once, never
 * lost; consumers drop the repeats by message id (the source event's id).
 */
export class Relay {
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private published = 0;
  private checkpoint: bigint | 'start' = 'start';

  constructor(
    private readonly store: EventStore,
    private readonly transport: MessageTransport,
    private readonly dataSource: DataSource,
    private readonly translators: readonly Translator[],
    private readonly options: RelayOptions = {},
  ) {}

  private topicOf(context: PublishedEvent['context']): string {
    return (this.options.topicOf ?? topicOf)(context);
  }

  get name(): string {
    return this.options.name ?? 'relay';
  }

  state(): { name: string; checkpoint: bigint | 'start'; published: number } {
    return { name: this.name, checkpoint: this.checkpoint, published: this.published };
  }

  async start(): Promise<void> {
    await migrateMessaging(this.dataSource);
    await this.transport.ensureTopics([...new Set(this.translators.map((t) => this.topicOf(t.context)))].map((topic) => ({ topic })));
    await this.dataSource.query(`INSERT INTO o2c_messaging.relay_checkpoints (name, position) VALUES ($1, NULL) ON CONFLICT DO NOTHING`, [this.name]);
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.loop;
  }

  private filter(): EventFilter {
    return { streamNamePrefixes: this.translators.flatMap((t) => t.filter.streamNamePrefixes ?? []) };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const [row] = await this.dataSource.query(`SELECT position FROM o2c_messaging.relay_checkpoints WHERE name = $1`, [this.name]).catch((error: unknown) => {
        this.options.onError?.(error);
        return [undefined];
      });
      if (row === undefined) {
        await sleep(this.options.retryDelayMs ?? 1000);
        continue;
      }
      // stop() may have come while the checkpoint was read: it found no subscription to stop, so start none.
      if (this.stopping) break;
      this.checkpoint = row.position == null ? 'start' : BigInt(row.position);
      const subscription = this.store.subscribeToAll(
        { from: this.checkpoint, filter: this.filter(), maxBatchSize: this.options.batchSize ?? 2_000 },
        (batch) => this.relay(batch),
      );
      this.subscription = subscription;
      try {
        await subscription.done;
      } catch (error) {
        this.options.onError?.(error);
        if (!this.stopping) await sleep(this.options.retryDelayMs ?? 1000);
      }
    }
  }

  private async relay(batch: readonly RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const event of batch) {
      for (const translator of this.translators) {
        if (!translator.filter.streamNamePrefixes?.some((prefix) => event.streamName.startsWith(prefix))) continue;
        const published = translator.translate(event);
        if (!published) continue;
        const topic = this.topicOf(published.context);
        if (!byTopic.has(topic)) byTopic.set(topic, []);
        byTopic.get(topic)!.push(toOutgoing(published));
      }
    }
    for (const [topic, messages] of byTopic) await this.transport.publish(topic, messages);
    const last = batch[batch.length - 1].position;
    await this.dataSource.query(`UPDATE o2c_messaging.relay_checkpoints SET position = $2, updated_at = now() WHERE name = $1`, [this.name, last.toString()]);
    this.checkpoint = last;
    this.published += [...byTopic.values()].reduce((sum, m) => sum + m.length, 0);
  }
}
