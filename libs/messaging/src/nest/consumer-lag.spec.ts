import { InProcessTransport } from '../transport/in-process-transport';
import type { MessageTransport, PartitionLag } from '../transport/message-transport';
import { ConsumerLag } from './consumer-lag';

/** A transport that answers lag only when told to (or fails for the groups named), counting the questions. */
function heldTransport(failing: readonly string[] = []) {
  const waiting: (() => void)[] = [];
  let asked = 0;
  const transport = {
    kind: 'kafka',
    lag: async (groupId: string, topics: readonly string[]): Promise<PartitionLag[]> => {
      asked += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (failing.includes(groupId)) throw new Error('broker slow');
      return topics.map((topic) => ({ topic, partition: 0, behind: 2 }));
    },
  } as unknown as MessageTransport;
  return { transport, asked: () => asked, answer: () => waiting.splice(0).forEach((resolve) => resolve()) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConsumerLag (the lag /health reports)', () => {
  it('sums the in-process transport’s partitions per group, in total and per topic', async () => {
    const transport = new InProcessTransport();
    await transport.ensureTopics([{ topic: 'a', partitions: 2 }, { topic: 'b', partitions: 1 }]);
    await transport.publish('a', [{ key: 'acc-1', value: '1' }, { key: 'acc-2', value: '2' }, { key: 'acc-3', value: '3' }]);
    await transport.publish('b', [{ key: 'acc-1', value: '4' }]);
    const lag = new ConsumerLag(transport, { reuseMs: 0, timeoutMs: 1_000 });
    expect(await lag.of([{ groupId: 'g1', topics: ['a', 'b'] }, { groupId: 'g2', topics: ['b'] }])).toEqual([
      { behind: 4, behindByTopic: { a: 3, b: 1 } },
      { behind: 1, behindByTopic: { b: 1 } },
    ]);
    let consumed = 0;
    const consumer = await transport.consume({ groupId: 'g2', topics: ['b'] }, async (batch) => void (consumed += batch.length));
    while (consumed < 1) await settle();
    await settle();
    expect((await lag.of([{ groupId: 'g2', topics: ['b'] }]))[0]).toEqual({ behind: 0, behindByTopic: { b: 0 } });
    await consumer.stop();
    await transport.close();
  });

  it('gives null when the transport has not answered in time, and its late answer to the next call, without asking twice', async () => {
    const held = heldTransport();
    const lag = new ConsumerLag(held.transport, { reuseMs: 1_000, timeoutMs: 30 });
    const groups = [{ groupId: 'g1', topics: ['a'] }];
    const started = Date.now();
    expect(await lag.of(groups)).toEqual([null]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await lag.of(groups)).toEqual([null]);
    expect(held.asked()).toBe(1);
    held.answer();
    await settle();
    expect(await lag.of(groups)).toEqual([{ behind: 2, behindByTopic: { a: 2 } }]);
    expect(held.asked()).toBe(1);
  });

  it('asks again once the answer is older than reuseMs; a group the transport failed on is null, the others are not', async () => {
    const held = heldTransport(['g2']);
    const lag = new ConsumerLag(held.transport, { reuseMs: 40, timeoutMs: 1_000 });
    const groups = [{ groupId: 'g1', topics: ['a'] }, { groupId: 'g2', topics: ['a'] }];
    const first = lag.of(groups);
    await settle();
    held.answer();
    expect(await first).toEqual([{ behind: 2, behindByTopic: { a: 2 } }, null]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const second = lag.of(groups);
    await settle();
    expect(held.asked()).toBe(4);
    held.answer();
    await second;
  });
});
