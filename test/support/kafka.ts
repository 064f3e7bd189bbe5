import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/** The run's broker (test/support/global-setup.ts), or undefined with the reason printed once per file. */
export function testBrokers(): string[] | undefined {
  const brokers = process.env.KAFKA_BROKERS ?? process.env.O2C_TEST_KAFKA_BROKERS;
  if (brokers) return brokers.split(',');
  console.warn(process.env.O2C_KAFKA_SKIP_REASON ?? 'Kafka suite NOT RUN: no broker');
  return undefined;
}

/** `describe` when a broker runs, else `describe.skip`. */
export const describeKafka = (name: string, body: (brokers: string[]) => void): void => {
  const brokers = testBrokers();
  if (brokers) describe(name, () => body(brokers));
  // Skipped only without a broker (no Java/Maven, or O2C_TEST_KAFKA=0): testBrokers() printed why; in CI the global setup fails instead.
  else describe.skip(name, () => body([]));
};

export function testKafka(brokers: string[], clientId: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 }, ...extra });
}
