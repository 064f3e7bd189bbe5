import { randomUUID } from 'node:crypto';
import type { PublishedEvent } from '@o2c/contracts';
import type { EventStore } from '@o2c/event-store';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { DomainException, domainError } from '@o2c/kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { DLQ_HEADERS, runMessageConsumer, type BatchItem, type ConsumerDefinition, type HandlerContext } from '../consumer/message-consumer';
import { publishedEventConsumer, publishedFrom } from '../host/published';
import type { IncomingMessage, MessageTransport } from '../transport/message-transport';
import { Relay, type Translator } from './relay';

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The relay (store -> topic, checkpoint after the broker's ack) and the
 * idempotent consumer (effects and the handled-message record in one
 * transaction, dead letters for poison), on a given transport.
 */
export function describeRelayAndConsumer(name: string, factory: () => Promise<MessageTransport>): void {
  describe(`relay and idempotent consumer: ${name}`, () => {
    let transport: MessageTransport;
    let store: EventStore;
    let dataSource: DataSource;
    const run = randomUUID().slice(0, 8);
    const topicOf = () => `relay.${run}.accounts`;
    const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-11-25T09:00:00.000Z' };

    const translator: Translator = {
      context: 'accounts',
      filter: { streamNamePrefixes: [`acct${run}-`] },
      translate: (event) =>
        event.type === 'Internal'
          ? undefined
          : publishedFrom(event, { context: 'accounts', type: 'BalanceMoved', key: event.streamName, data: event.data as object }),
    };

    beforeAll(async () => {
      transport = await factory();
      const url = await createTestDatabase(`relay_${name.replace(/\W/g, '')}`);
      store = await PostgresEventStore.connect({ url });
      dataSource = await new DataSource({ type: 'postgres', url }).initialize();
      await dataSource.query('CREATE TABLE balances (account text PRIMARY KEY, amount bigint NOT NULL, moves int NOT NULL)');
    });
    afterAll(async () => {
      await transport?.close();
      await store?.close();
      await dataSource?.destroy();
    });

    const appendMoves = async (accounts: number, perAccount: number) => {
      for (let a = 0; a < accounts; a++) {
        await store.appendToStream(
          `acct${run}-${a}`,
          Array.from({ length: perAccount }, (_, i) => ({ type: 'Moved', data: { account: `a${a}`, amount: 10 + i, seq: i }, metadata: meta })),
        );
        await store.appendToStream(`acct${run}-${a}`, [{ type: 'Internal', data: {}, metadata: meta }]);
      }
    };

    const balanceConsumer = (groupId: string, onHandle?: (event: PublishedEvent) => void): ConsumerDefinition<unknown> =>
      ({
        ...publishedEventConsumer({
          groupId,
          from: [],
          handlers: {
            BalanceMoved: {
              versions: [1],
              handle: async (event, { manager }) => {
                onHandle?.(event);
                const data = event.data as { account: string; amount: number };
                await manager.query(
                  `INSERT INTO balances (account, amount, moves) VALUES ($1, $2, 1)
                   ON CONFLICT (account) DO UPDATE SET amount = balances.amount + EXCLUDED.amount, moves = balances.moves + 1`,
                  [`${groupId}:${data.account}`, data.amount],
                );
              },
            },
          },
        }),
        topics: [topicOf()],
      }) as ConsumerDefinition<unknown>;

    const totals = async (groupId: string) => {
      const rows: { amount: string; moves: number }[] = await dataSource.query(`SELECT amount, moves FROM balances WHERE account LIKE $1`, [`${groupId}:%`]);
      return { amount: rows.reduce((s, r) => s + Number(r.amount), 0), moves: rows.reduce((s, r) => s + r.moves, 0) };
    };

    it('relays every published event once per commit, keyed, skipping internal ones, and resumes from its checkpoint', async () => {
      await appendMoves(4, 5);
      const relay = new Relay(store, transport, dataSource, [translator], { name: `relay-${run}`, topicOf: topicOf });
      await relay.start();
      await until(() => relay.state().published === 20, '20 relayed');
      await relay.stop();

      // More events while the relay is down: a restart picks up exactly where its checkpoint is.
      await appendMoves(2, 3);
      const again = new Relay(store, transport, dataSource, [translator], { name: `relay-${run}`, topicOf: topicOf });
      await again.start();
      await until(() => again.state().published === 6, '6 more relayed');
      await again.stop();

      const received: IncomingMessage[] = [];
      const consumer = await transport.consume({ groupId: `raw-${run}`, topics: [topicOf()] }, async (batch) => void received.push(...batch));
      try {
        await until(() => received.length >= 26, '26 messages');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(received).toHaveLength(26);
        const ids = received.map((m) => m.headers['o2c-message-id']);
        expect(new Set(ids).size).toBe(26);
        for (const key of new Set(received.map((m) => m.key))) {
          const seqs = received.filter((m) => m.key === key).map((m) => (JSON.parse(m.value) as PublishedEvent<string, { seq: number }>).data.seq);
          expect(seqs.slice(0, 5)).toEqual([0, 1, 2, 3, 4].slice(0, Math.min(5, seqs.length)));
        }
        const first = JSON.parse(received[0].value) as PublishedEvent;
        expect(first).toMatchObject({ type: 'BalanceMoved', schemaVersion: 1, context: 'accounts' });
        expect(first.metadata.sourceStream).toMatch(new RegExp(`^acct${run}-`));
      } finally {
        await consumer.stop();
      }
    });

    it('applies each message once even when the same messages are delivered again', async () => {
      const groupId = `balances-${run}`;
      const running = await runMessageConsumer(balanceConsumer(groupId), { transport, dataSource });
      await until(async () => (await totals(groupId)).moves === 26, '26 moves applied');
      await running.stop();
      const before = await totals(groupId);

      // Replay the whole topic into the same group: a redelivery of everything.
      const relay = new Relay(store, transport, dataSource, [translator], { name: `relay-replay-${run}`, topicOf: topicOf });
      await relay.start();
      await until(() => relay.state().published === 26, 'republished');
      await relay.stop();
      const replayed = balanceConsumer(groupId);
      let seen = 0;
      const again = await runMessageConsumer(
        {
          ...replayed,
          decode: (incoming) => {
            seen++;
            return replayed.decode(incoming);
          },
        },
        { transport, dataSource },
      );
      await until(() => seen === 26, 'the 26 redelivered messages seen');
      await again.stop();
      expect(await totals(groupId)).toEqual(before);
      expect(before.amount).toBe(4 * (10 + 11 + 12 + 13 + 14) + 2 * (10 + 11 + 12));
    });

    it('dead-letters a poison message with its reason and offset, and the partition goes on', async () => {
      const t = `poison.${run}`;
      const groupId = `poison-${run}`;
      await transport.ensureTopics([{ topic: t, partitions: 1 }]);
      const good = (i: number) => ({
        key: 'k',
        value: JSON.stringify({ type: 'BalanceMoved', schemaVersion: 1, context: 'accounts', key: 'k', data: { account: 'p', amount: i }, metadata: { messageId: `good-${run}-${i}` } }),
        headers: { 'o2c-message-id': `good-${run}-${i}` },
      });
      await transport.publish(t, [good(1), { key: 'k', value: '{not json', headers: { 'o2c-message-id': `bad-${run}`, 'x-origin': 'test' } }, good(2)]);
      const ruleBreaker = { ...good(3), value: good(3).value.replace('"amount":3', '"amount":-3'), headers: { 'o2c-message-id': `rule-${run}` } };
      await transport.publish(t, [ruleBreaker, good(4)]);
      const definition = balanceConsumer(groupId);
      const consumer = await runMessageConsumer(
        {
          ...definition,
          topics: [t],
          handle: async (message, context) => {
            if ((message as PublishedEvent<string, { amount: number }>).data.amount < 0) {
              throw new DomainException(domainError('rule_violation', 'balance.negative_move', 'a move cannot be negative', { field: 'data.amount' }));
            }
            await definition.handle(message, context);
          },
        },
        { transport, dataSource, retryDelayMs: 10 },
      );
      const dead: IncomingMessage[] = [];
      const dlq = await transport.consume({ groupId: `dlq-reader-${run}`, topics: [`o2c.dlq.${groupId}`] }, async (batch) => void dead.push(...batch));
      try {
        await until(async () => (await totals(groupId)).moves === 3 && dead.length === 2, 'three good moves and two dead letters');
        expect((await totals(groupId)).amount).toBe(1 + 2 + 4);
        const bad = dead.find((m) => m.headers['o2c-message-id'] === `bad-${run}`)!;
        expect(bad.value).toBe('{not json');
        expect(bad.headers[DLQ_HEADERS.code]).toBe('message.bad_json');
        expect(bad.headers[DLQ_HEADERS.topic]).toBe(t);
        expect(bad.headers[DLQ_HEADERS.offset]).toBe('1');
        expect(bad.headers['x-origin']).toBe('test');
        const rule = dead.find((m) => m.headers['o2c-message-id'] === `rule-${run}`)!;
        expect(rule.headers[DLQ_HEADERS.code]).toBe('balance.negative_move');
        expect(rule.headers[DLQ_HEADERS.field]).toBe('data.amount');
        const outcomes: { outcome: string }[] = await dataSource.query(`SELECT outcome FROM o2c_messaging.handled_messages WHERE group_id = $1 ORDER BY "offset"`, [groupId]);
        expect(outcomes.map((o) => o.outcome)).toEqual(['handled', 'dead_lettered', 'handled', 'dead_lettered', 'handled']);
      } finally {
        await consumer.stop();
        await dlq.stop();
      }
    });

    it('hands a batch of fresh messages to handleMany at once, in order, and falls back to handle one at a time when it fails', async () => {
      const t = `many.${run}`;
      const groupId = `many-${run}`;
      await transport.ensureTopics([{ topic: t, partitions: 1 }]);
      const move = (id: string, amount: number) => ({
        key: 'k',
        value: JSON.stringify({ type: 'BalanceMoved', schemaVersion: 1, context: 'accounts', key: 'k', data: { account: 'm', amount }, metadata: { messageId: `${id}-${run}` } }),
        headers: { 'o2c-message-id': `${id}-${run}` },
      });
      const definition = balanceConsumer(groupId);
      const many: number[][] = [];
      const one: number[] = [];
      const amountOf = (message: unknown) => (message as PublishedEvent<string, { amount: number }>).data.amount;
      const consumer = {
        ...definition,
        topics: [t],
        handle: async (message: unknown, context: HandlerContext) => {
          one.push(amountOf(message));
          if (amountOf(message) < 0) throw new DomainException(domainError('rule_violation', 'balance.negative_move', 'a move cannot be negative', { field: 'data.amount' }));
          await definition.handle(message, context);
        },
        handleMany: async (items: readonly BatchItem<unknown>[], manager: EntityManager) => {
          const amounts = items.map(({ message }) => amountOf(message));
          many.push(amounts);
          if (amounts.some((a) => a < 0)) throw new Error('a negative move in the batch');
          await manager.query(
            `INSERT INTO balances (account, amount, moves) SELECT $1, sum(a), count(*) FROM unnest($2::bigint[]) AS u(a)
             ON CONFLICT (account) DO UPDATE SET amount = balances.amount + EXCLUDED.amount, moves = balances.moves + EXCLUDED.moves`,
            [`${groupId}:m`, amounts],
          );
        },
      };
      // Messages published while the group is stopped arrive in one batch when it starts again.
      const consumeUntil = async (moves: number) => {
        const running = await runMessageConsumer(consumer, { transport, dataSource, retryDelayMs: 10 });
        try {
          await until(async () => (await totals(groupId)).moves === moves, `${moves} moves`);
        } finally {
          await running.stop();
        }
      };

      await transport.publish(t, [move('a', 1), move('b', 2), move('c', 3), move('d', 4)]);
      await consumeUntil(4);
      expect(many).toEqual([[1, 2, 3, 4]]);
      expect(one).toEqual([]);

      // The same messages again and one new one: only the new one has an effect.
      await transport.publish(t, [move('a', 1), move('b', 2), move('c', 3), move('d', 4), move('e', 5)]);
      await consumeUntil(5);
      expect(many).toEqual([[1, 2, 3, 4], [5]]);

      // A batch that fails rolls back whole; its messages then go one at a time: the bad one is dead-lettered, the rest applied once.
      await transport.publish(t, [move('f', 6), move('g', -7), move('h', 8)]);
      await consumeUntil(7);
      expect(many).toEqual([[1, 2, 3, 4], [5], [6, -7, 8]]);
      expect(one).toEqual([6, -7, 8]);
      expect(await totals(groupId)).toEqual({ amount: 1 + 2 + 3 + 4 + 5 + 6 + 8, moves: 7 });
      const [dead] = await dataSource.query(`SELECT outcome FROM o2c_messaging.handled_messages WHERE group_id = $1 AND message_id = $2`, [groupId, `g-${run}`]);
      expect(dead).toEqual({ outcome: 'dead_lettered' });
    });

    it('retries a transient failure with backoff and applies the message once', async () => {
      const t = `transient.${run}`;
      const groupId = `transient-${run}`;
      await transport.ensureTopics([{ topic: t, partitions: 1 }]);
      const value = JSON.stringify({ type: 'BalanceMoved', schemaVersion: 1, context: 'accounts', key: 'k', data: { account: 't', amount: 7 }, metadata: { messageId: `t-${run}` } });
      await transport.publish(t, [{ key: 'k', value, headers: { 'o2c-message-id': `t-${run}` } }]);
      let failures = 2;
      const definition = balanceConsumer(groupId);
      const retries: number[] = [];
      const consumer = await runMessageConsumer(
        {
          ...definition,
          topics: [t],
          handle: async (message, context) => {
            await definition.handle(message, context);
            if (failures-- > 0) throw new DomainException(domainError('unavailable', 'test.down', 'down for a moment'));
          },
        },
        { transport, dataSource, retryDelayMs: 10, onRetry: (_m, _e, attempt) => retries.push(attempt) },
      );
      try {
        await until(async () => (await totals(groupId)).moves === 1, 'one move');
        expect(retries).toEqual([1, 2]);
        expect((await totals(groupId)).amount).toBe(7);
      } finally {
        await consumer.stop();
      }
    });
  });
}
