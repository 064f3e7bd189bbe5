import { DomainException, inOrderedScope, type OrderedCommands } from '@o2c/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { migrateMessaging } from '../schema';
import { HEADERS, type IncomingMessage, type MessageTransport, type RunningConsumer } from '../transport/message-transport';

/** Why a message went to the dead-letter topic: a stable code, a message, and the offending field when known. */
export interface DeadLetterReason {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** Thrown by `decode` when a message cannot be read: bad JSON, unknown type, unsupported version, bad schema. */
export class UndecodableMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UndecodableMessageError';
  }
}

export interface HandlerContext {
  /** The transaction that also records the message as handled: write the effects through it. */
  readonly manager: EntityManager;
  readonly messageId: string;
  readonly incoming: IncomingMessage;
}

export interface ConsumerDefinition<Message> {
  /** The consumer group: one per reacting context or read model. */
  readonly groupId: string;
  readonly topics: readonly string[];
  decode(incoming: IncomingMessage): Message;
  handle(message: Message, context: HandlerContext): Promise<void>;
  /** The id a redelivery is recognised by, when the message carries its own (default: the o2c-message-id header, else topic/partition/offset). */
  messageIdOf?(message: Message, incoming: IncomingMessage): string | undefined;
  /** Default `o2c.dlq.<groupId>`. */
  readonly deadLetterTopic?: string;
  /**
   * The handler keeps one key's order itself (its commands go through a per-stream StreamCommandQueue): in a batch,
   * a key's next message is handed over before the previous one resolved, so its commands are decided together.
   * Once one of a key's commands fails, its later ones are refused undecided (the kernel's ordered scope).
   */
  readonly pipelined?: boolean;
  /**
   * Handles the fresh messages of a batch at once, in their order, inside the batch transaction (`manager`): set-based
   * writes, one statement for the whole batch instead of a round trip per message. A message handled alone (the
   * fallback after a failed batch, a retry) goes through `handle`, so both must have the same effect.
   */
  handleMany?(items: readonly BatchItem<Message>[], manager: EntityManager): Promise<void>;
}

interface DecodedMessage<Message> {
  readonly incoming: IncomingMessage;
  readonly message: Message;
  readonly messageId: string;
}

/** One fresh message of a batch handed to `handleMany`. */
export interface BatchItem<Message> {
  readonly message: Message;
  readonly context: HandlerContext;
}

export interface MessageConsumerOptions {
  readonly transport: MessageTransport;
  readonly dataSource: DataSource;
  /** Attempts for an unexpected error before the message is dead-lettered. Unavailable dependencies are retried without limit. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly onDeadLetter?: (incoming: IncomingMessage, reason: DeadLetterReason) => void;
  readonly onRetry?: (incoming: IncomingMessage, error: unknown, attempt: number) => void;
  /**
   * Handle a whole batch in one transaction first (default true); on any
   * failure it rolls back and the batch is handled one message at a time, so
   * retries and dead letters concern the failing message only.
   */
  readonly batchTransactions?: boolean;
  /** How many keys of a batch are handled side by side in the batch transaction (default 32; each key stays in order). */
  readonly keyConcurrency?: number;
}

export const deadLetterTopicOf = (groupId: string): string => `o2c.dlq.${groupId}`;

const DLQ_HEADERS = {
  code: 'o2c-dlq-code',
  reason: 'o2c-dlq-reason',
  field: 'o2c-dlq-field',
  group: 'o2c-dlq-group',
  topic: 'o2c-dlq-source-topic',
  partition: 'o2c-dlq-source-partition',
  offset: 'o2c-dlq-source-offset',
  at: 'o2c-dlq-at',
} as const;
export { DLQ_HEADERS };

type Classified = { kind: 'permanent'; reason: DeadLetterReason } | { kind: 'transient' } | { kind: 'unexpected'; reason: DeadLetterReason };

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export function classify(error: unknown): Classified {
  if (error instanceof UndecodableMessageError) return { kind: 'permanent', reason: { code: error.code, message: error.message, field: error.field } };
  if (error instanceof DomainException) {
    if (error.error.kind === 'unavailable') return { kind: 'transient' };
    // Often an ordering race between topics (a delivery before its account's opening): retried, then dead-lettered.
    if (error.error.kind === 'not_found') return { kind: 'unexpected', reason: { code: error.error.code, message: error.error.message, field: error.error.field } };
    return { kind: 'permanent', reason: { code: error.error.code, message: error.error.message, field: error.error.field } };
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = (error as { message?: unknown } | undefined)?.message;
  if ((typeof code === 'string' && CONNECTION_CODES.has(code)) || (typeof message === 'string' && /Connection terminated|connect ECONNREFUSED/.test(message))) {
    return { kind: 'transient' };
  }
  return { kind: 'unexpected', reason: { code: 'handler.failed', message: typeof message === 'string' ? message : String(error) } };
}

/**
 * The lanes of a batch share the transaction's one connection: their queries
 * go one after the other (node-postgres would queue them itself, but that is
 * deprecated and goes away in pg 9).
 */
function serialiseQueries(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (!runner) return;
  const query = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<typeof query>) => {
    const result = tail.then(() => query(...args));
    tail = result.catch(() => undefined);
    return result;
  }) as typeof runner.query;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one consumer group. Each message is handled in one PostgreSQL
 * transaction that also records its id for the group, so a redelivered
 * message (a rebalance, a crash before the offset commit, a publisher
 * sending twice) finds its record and has no second effect. Unavailable
 * dependencies are retried with backoff, without limit; a message that can
 * never be handled goes to the dead-letter topic with the reason, its
 * original headers and its offset, and the partition goes on.
 */
export async function runMessageConsumer<Message>(definition: ConsumerDefinition<Message>, options: MessageConsumerOptions): Promise<RunningConsumer> {
  await migrateMessaging(options.dataSource);
  const deadLetterTopic = definition.deadLetterTopic ?? deadLetterTopicOf(definition.groupId);
  await options.transport.ensureTopics([...definition.topics.map((topic) => ({ topic })), { topic: deadLetterTopic, partitions: 1 }]);
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.retryDelayMs ?? 200;
  const maxDelay = options.maxRetryDelayMs ?? 5_000;
  let stopping = false;

  const messageIdOf = (incoming: IncomingMessage): string => incoming.headers[HEADERS.messageId] ?? `${incoming.topic}/${incoming.partition}/${incoming.offset}`;

  async function record(manager: EntityManager, incoming: IncomingMessage, messageId: string, outcome: 'handled' | 'dead_lettered', reason?: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO o2c_messaging.handled_messages (group_id, message_id, topic, partition, "offset", outcome, reason, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (group_id, message_id) DO NOTHING RETURNING 1`,
      [definition.groupId, messageId, incoming.topic, incoming.partition, incoming.offset, outcome, reason ?? null, incoming.headers[HEADERS.correlationId] ?? null],
    );
    return rows.length === 1;
  }

  async function deadLetter(incoming: IncomingMessage, messageId: string, reason: DeadLetterReason): Promise<void> {
    await options.transport.publish(deadLetterTopic, [
      {
        key: incoming.key ?? messageId,
        value: incoming.value,
        headers: {
          ...incoming.headers,
          [HEADERS.messageId]: messageId,
          [DLQ_HEADERS.code]: reason.code,
          [DLQ_HEADERS.reason]: reason.message,
          ...(reason.field ? { [DLQ_HEADERS.field]: reason.field } : {}),
          [DLQ_HEADERS.group]: definition.groupId,
          [DLQ_HEADERS.topic]: incoming.topic,
          [DLQ_HEADERS.partition]: String(incoming.partition),
          [DLQ_HEADERS.offset]: incoming.offset,
          [DLQ_HEADERS.at]: new Date().toISOString(),
        },
      },
    ]);
    await options.dataSource.transaction((manager) => record(manager, incoming, messageId, 'dead_lettered', `${reason.code}: ${reason.message}`));
    options.onDeadLetter?.(incoming, reason);
  }

  async function handleOne(incoming: IncomingMessage): Promise<void> {
    let message: Message;
    let messageId = messageIdOf(incoming);
    try {
      message = definition.decode(incoming);
      messageId = definition.messageIdOf?.(message, incoming) ?? messageId;
    } catch (error) {
      const classified = classify(error);
      await deadLetter(incoming, messageId, classified.kind === 'transient' ? { code: 'decode.failed', message: String(error) } : classified.reason);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await options.dataSource.transaction(async (manager) => {
          if (!(await record(manager, incoming, messageId, 'handled'))) return; // handled before: no second effect
          await definition.handle(message, { manager, messageId, incoming });
        });
        return;
      } catch (error) {
        const classified = classify(error);
        if (classified.kind === 'permanent' || (classified.kind === 'unexpected' && attempt >= maxAttempts)) {
          await deadLetter(incoming, messageId, classified.reason);
          return;
        }
        if (stopping) throw error;
        options.onRetry?.(incoming, error, attempt);
        await sleep(Math.min(maxDelay, baseDelay * 2 ** Math.min(attempt - 1, 10)));
      }
    }
  }

  /** The batch's message ids this group has a record of (handled or dead-lettered before): read only, no row written. */
  async function recordedAmong(manager: EntityManager, messageIds: readonly string[]): Promise<Set<string>> {
    const rows: { message_id: string }[] = await manager.query(
      `SELECT message_id FROM o2c_messaging.handled_messages WHERE group_id = $1 AND message_id = ANY($2::text[])`,
      [definition.groupId, messageIds],
    );
    return new Set(rows.map((r) => r.message_id));
  }

  /**
   * Records the batch's handled messages in one statement, once their effects are done (so `handled_at` says when they
   * were). A record already there means another member handled one of them meanwhile: the batch rolls back (the
   * caller falls back to one message at a time, which finds that record first), so no message has a second effect.
   */
  async function recordMany(manager: EntityManager, items: readonly { incoming: IncomingMessage; messageId: string }[]): Promise<void> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO o2c_messaging.handled_messages (group_id, message_id, topic, partition, "offset", outcome, correlation_id)
       SELECT $1, m, t, p, o, 'handled', c FROM unnest($2::text[], $3::text[], $4::int[], $5::numeric[], $6::text[]) AS u(m, t, p, o, c)
       ON CONFLICT (group_id, message_id) DO NOTHING RETURNING 1`,
      [
        definition.groupId,
        items.map((i) => i.messageId),
        items.map((i) => i.incoming.topic),
        items.map((i) => i.incoming.partition),
        items.map((i) => i.incoming.offset),
        items.map((i) => i.incoming.headers[HEADERS.correlationId] ?? null),
      ],
    );
    if (rows.length !== items.length) throw new Error(`${items.length - rows.length} message(s) of the batch were handled meanwhile by another member`);
  }

  /** A batch's fresh messages through `handle`: one key's in order, different keys (accounts) side by side, so their commands share the store's group commits. */
  async function handleLanes(manager: EntityManager, fresh: readonly DecodedMessage<Message>[]): Promise<void> {
    const byKey = new Map<string, DecodedMessage<Message>[]>();
    for (const item of fresh) {
      const key = item.incoming.key ?? '';
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key)!.push(item);
    }
    const lanes = [...byKey.values()];
    let results: PromiseSettledResult<void>[];
    if (definition.pipelined) {
      results = await Promise.allSettled(
        lanes.flatMap((lane) => {
          const scope: OrderedCommands = {};
          return lane.map(({ incoming, message, messageId }) => inOrderedScope(scope, () => definition.handle(message, { manager, messageId, incoming })));
        }),
      );
    } else {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < lanes.length) {
          for (const { incoming, message, messageId } of lanes[next++]) await definition.handle(message, { manager, messageId, incoming });
        }
      };
      results = await Promise.allSettled(Array.from({ length: Math.min(concurrency, lanes.length) }, lane));
    }
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The fast path: every message of the batch, its record and its effects, in one transaction; throws to fall back. */
  async function handleBatch(batch: readonly IncomingMessage[]): Promise<void> {
    const decoded = batch.map((incoming) => {
      const message = definition.decode(incoming);
      return { incoming, message, messageId: definition.messageIdOf?.(message, incoming) ?? messageIdOf(incoming) };
    });
    // A message id twice in one batch (a publisher repeating itself): the first one counts.
    const seen = new Set<string>();
    const firsts = decoded.filter((item) => !seen.has(item.messageId) && seen.add(item.messageId));
    await options.dataSource.transaction(async (manager) => {
      serialiseQueries(manager);
      const before = await recordedAmong(manager, firsts.map((item) => item.messageId));
      const fresh = firsts.filter((item) => !before.has(item.messageId)); // the others were handled before: no second effect
      if (definition.handleMany) {
        if (fresh.length > 0) await definition.handleMany(fresh.map(({ incoming, message, messageId }) => ({ message, context: { manager, messageId, incoming } })), manager);
      } else {
        await handleLanes(manager, fresh);
      }
      if (fresh.length > 0) await recordMany(manager, fresh);
    });
  }

  const batchTransactions = options.batchTransactions ?? true;
  const concurrency = options.keyConcurrency ?? 32;
  const running = await options.transport.consume({ groupId: definition.groupId, topics: definition.topics, fromBeginning: true }, async (batch) => {
    if (batchTransactions && batch.length > 1) {
      try {
        await handleBatch(batch);
        return;
      } catch {
        // One message failed: its neighbours' effects rolled back with it; one at a time now (effects are idempotent).
      }
    }
    for (const incoming of batch) await handleOne(incoming);
  });
  return {
    done: running.done,
    stop: async () => {
      stopping = true;
      await running.stop();
    },
  };
}
