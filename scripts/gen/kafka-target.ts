import { INGRESS_TOPICS } from '@o2c/contracts';
import { Kafka, Partitioners, logLevel, type Producer } from 'kafkajs';
import type { OutgoingMessage } from './portfolio';

/**
 * Publishes ingress messages on the Kafka ingress topics, as internal
 * services do: the envelope as JSON value, keyed by account (one partition
 * per account keeps its messages in order), idempotent producer with one
 * request in flight and acks from all replicas. Batches go out one after the
 * other, in schedule order.
 */
export class KafkaTarget {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private batch: OutgoingMessage[] = [];

  constructor(
    brokers: readonly string[],
    private readonly batchSize = 500,
  ) {
    this.kafka = new Kafka({ clientId: 'o2c-gen', brokers: [...brokers], logLevel: logLevel.ERROR, retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 } });
  }

  async connect(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [INGRESS_TOPICS.orders, INGRESS_TOPICS.payments].filter((t) => !existing.has(t));
      if (missing.length) await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 6, replicationFactor: -1 })) });
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  /** Buffers the message; sends a full batch (and returns the messages it sent). */
  async send(message: OutgoingMessage): Promise<number> {
    this.batch.push(message);
    return this.batch.length >= this.batchSize ? this.flush() : 0;
  }

  async flush(): Promise<number> {
    if (!this.producer) throw new Error('KafkaTarget.connect() first');
    const batch = this.batch;
    if (batch.length === 0) return 0;
    this.batch = [];
    const topics = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const m of batch) {
      const topic = INGRESS_TOPICS[m.channel];
      if (!topics.has(topic)) topics.set(topic, []);
      topics.get(topic)!.push({ key: m.accountId, value: JSON.stringify(m.envelope), headers: { 'o2c-message-id': `ingress:${m.envelope.messageId}` } });
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...topics].map(([topic, messages]) => ({ topic, messages })) });
    return batch.length;
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
