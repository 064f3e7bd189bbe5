import { randomUUID } from 'node:crypto';
import type { IncomingMessage, MessageTransport } from './message-transport';

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function eventually(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The delivery semantics every transport keeps; runs against Kafka and the in-process transport alike. */
export function describeTransportContract(name: string, factory: () => Promise<MessageTransport>): void {
  describe(`message transport contract: ${name}`, () => {
    let transport: MessageTransport;
    const run = randomUUID().slice(0, 8);
    let n = 0;
    const topic = () => `contract.${run}.t${++n}`;
    const group = () => `contract-${run}-g${++n}`;
    const messages = (count: number, keys = ['acc-1', 'acc-2', 'acc-3']) =>
      Array.from({ length: count }, (_, i) => ({ key: keys[i % keys.length], value: JSON.stringify({ i, key: keys[i % keys.length] }), headers: { 'o2c-message-id': `m-${i}` } }));
    const values = (received: IncomingMessage[]) => received.map((m) => JSON.parse(m.value) as { i: number; key: string });

    beforeAll(async () => {
      transport = await factory();
    });
    afterAll(async () => {
      await transport?.close();
    });

    it('delivers every message with its key and headers, in order per key', async () => {
      const t = topic();
      await transport.ensureTopics([{ topic: t, partitions: 3 }]);
      await transport.publish(t, messages(30));
      const received: IncomingMessage[] = [];
      const consumer = await transport.consume({ groupId: group(), topics: [t] }, async (batch) => void received.push(...batch));
      try {
        await until(() => received.length >= 30, '30 messages');
        for (const key of ['acc-1', 'acc-2', 'acc-3']) {
          const mine = values(received).filter((v) => v.key === key).map((v) => v.i);
          expect(mine).toEqual([...mine].sort((a, b) => a - b));
          expect(mine).toHaveLength(10);
        }
        expect(received[0].headers['o2c-message-id']).toMatch(/^m-\d+$/);
        expect(new Set(received.filter((m) => m.key === 'acc-1').map((m) => m.partition)).size).toBe(1);
      } finally {
        await consumer.stop();
      }
    });

    it('each consumer group gets every message', async () => {
      const t = topic();
      await transport.ensureTopics([{ topic: t, partitions: 2 }]);
      await transport.publish(t, messages(10));
      const a: IncomingMessage[] = [];
      const b: IncomingMessage[] = [];
      const first = await transport.consume({ groupId: group(), topics: [t] }, async (batch) => void a.push(...batch));
      const second = await transport.consume({ groupId: group(), topics: [t] }, async (batch) => void b.push(...batch));
      try {
        await until(() => a.length >= 10 && b.length >= 10, 'both groups');
        expect(values(a).map((v) => v.i).sort((x, y) => x - y)).toEqual(values(b).map((v) => v.i).sort((x, y) => x - y));
      } finally {
        await first.stop();
        await second.stop();
      }
    });

    it('a failing handler stops the consumer and its messages come again to the group (at least once)', async () => {
      const t = topic();
      const g = group();
      await transport.ensureTopics([{ topic: t, partitions: 1 }]);
      await transport.publish(t, messages(5, ['acc-1']));
      const failing = await transport.consume({ groupId: g, topics: [t] }, async () => {
        throw new Error('handler failed on purpose');
      });
      await expect(failing.done).rejects.toThrow('handler failed on purpose');
      await failing.stop();
      const received: IncomingMessage[] = [];
      const again = await transport.consume({ groupId: g, topics: [t] }, async (batch) => void received.push(...batch));
      try {
        await until(() => received.length >= 5, 'redelivery');
        expect(values(received).map((v) => v.i)).toEqual([0, 1, 2, 3, 4]);
      } finally {
        await again.stop();
      }
    });

    it('lag: a group never seen lags by every message; none once it consumed them; by what came while it was stopped', async () => {
      const t = topic();
      const g = group();
      await transport.ensureTopics([{ topic: t, partitions: 2 }]);
      await transport.publish(t, messages(10));
      const total = async () => (await transport.lag(g, [t])).reduce((sum, p) => sum + p.behind, 0);
      const before = await transport.lag(g, [t]);
      expect(before.map((p) => p.partition).sort()).toEqual([0, 1]);
      expect(before.every((p) => p.topic === t)).toBe(true);
      expect(await total()).toBe(10);
      const received: IncomingMessage[] = [];
      const consumer = await transport.consume({ groupId: g, topics: [t] }, async (batch) => void received.push(...batch));
      await until(() => received.length >= 10, '10 messages');
      // Kafka commits just after the handler resolved.
      await eventually(async () => (await total()) === 0, 'no lag');
      await consumer.stop();
      await transport.publish(t, messages(4));
      await eventually(async () => (await total()) === 4, 'a lag of 4');
    });

    it('a group resumes after what it committed, not from the beginning', async () => {
      const t = topic();
      const g = group();
      await transport.ensureTopics([{ topic: t, partitions: 1 }]);
      await transport.publish(t, messages(4, ['acc-1']));
      const first: IncomingMessage[] = [];
      const consumer = await transport.consume({ groupId: g, topics: [t] }, async (batch) => void first.push(...batch));
      await until(() => first.length >= 4, 'first delivery');
      await consumer.stop();
      await transport.publish(t, [{ key: 'acc-1', value: JSON.stringify({ i: 99, key: 'acc-1' }) }]);
      const second: IncomingMessage[] = [];
      const resumed = await transport.consume({ groupId: g, topics: [t] }, async (batch) => void second.push(...batch));
      try {
        await until(() => second.length >= 1, 'the new message');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(values(second).map((v) => v.i)).toEqual([99]);
      } finally {
        await resumed.stop();
      }
    });
  });
}
