import { randomUUID } from 'node:crypto';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { describeKafka, testKafka } from '../support/kafka';

/**
 * kafkajs has had no release since 2.2.4 (2023) and Kafka 4.0 removed old
 * protocol versions (KIP-896). Before building on it, check what we use
 * against the real 4.x broker: admin, the idempotent producer, keyed
 * ordering, consumer groups through a rebalance, committed offsets.
 */
describeKafka('kafkajs against Apache Kafka 4.x', (brokers) => {
  const kafka = () => testKafka(brokers, `compat-${randomUUID().slice(0, 8)}`);
  const topic = `compat.${randomUUID().slice(0, 8)}`;
  const admin = kafka().admin();
  const consumers: Consumer[] = [];

  async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates, describes and lists topics', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(4);
    expect(await admin.listTopics()).toContain(topic);
  });

  it('an idempotent producer keeps each key on one partition, in order', async () => {
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (let i = 0; i < 10; i++) {
        const results = await producer.send({
          topic,
          acks: -1,
          messages: ['account-1', 'account-2', 'account-3'].map((key) => ({ key, value: JSON.stringify({ key, seq: i }) })),
        });
        expect(results.every((r) => r.errorCode === 0)).toBe(true);
      }
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(30);
  });

  it('a consumer group shares the partitions, survives a member leaving, and resumes from committed offsets', async () => {
    const groupId = `compat-group-${randomUUID().slice(0, 8)}`;
    const seen: { member: string; key: string; seq: number; partition: number }[] = [];
    const join = async (member: string) => {
      const consumer = kafka().consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message, partition }: EachMessagePayload) => {
          const value = JSON.parse(message.value!.toString()) as { key: string; seq: number };
          seen.push({ member, key: value.key, seq: value.seq, partition });
        },
      });
      return consumer;
    };
    const first = await join('first');
    const second = await join('second');
    await until(() => seen.length >= 30, 'the 30 produced messages');

    // Per key: every message, in order, from one partition.
    for (const key of ['account-1', 'account-2', 'account-3']) {
      const mine = seen.filter((s) => s.key === key);
      expect(mine.map((s) => s.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(new Set(mine.map((s) => s.partition)).size).toBe(1);
    }

    // A member leaves: the group rebalances and the other one takes over what follows.
    await second.disconnect();
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: ['account-1', 'account-2', 'account-3', 'account-4'].map((key) => ({ key, value: JSON.stringify({ key, seq: 10 }) })) });
    await until(() => seen.filter((s) => s.seq === 10).length >= 4, 'messages after the rebalance');
    expect(seen.filter((s) => s.seq === 10).every((s) => s.member === 'first')).toBe(true);
    await first.disconnect();

    // Offsets were committed, though kafkajs commits on an interval and may leave the last few uncommitted at
    // disconnect: a new member starts at the committed offsets, gets exactly what lies after them again
    // (at least once: why every consumer of ours is idempotent), and nothing from before.
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedCount = committed[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(committedCount).toBeGreaterThanOrEqual(30);
    expect(committedCount).toBeLessThanOrEqual(34);
    const before = seen.length;
    await join('third');
    await producer.send({ topic, acks: -1, messages: [{ key: 'account-1', value: JSON.stringify({ key: 'account-1', seq: 11 }) }] });
    await producer.disconnect();
    await until(() => seen.some((s) => s.seq === 11), 'the message after the restart');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterRestart = seen.slice(before);
    expect(afterRestart).toHaveLength(34 - committedCount + 1);
  }, 120_000);
});
