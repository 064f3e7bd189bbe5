import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { startTestBroker, stopTestBroker, type TestBroker } from './kafka-broker';

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
  else describe.skip(name, () => body([])); // skipped: no broker here (testBrokers() printed why; CI's global setup fails instead)
};

/**
 * `describe` on a broker of the suite's own, started before the suite's own
 * hooks and stopped after: for suites that use the production topic and
 * group names (o2c.<context>.events, o2c.<context>.*) and would otherwise
 * read each other's messages on the run's shared broker. `brokers` is filled
 * when the broker is up (read it in hooks and tests, not at definition time).
 */
export const describeOwnKafka = (name: string, body: (brokers: string[]) => void): void => {
  if (!testBrokers()) {
    // No Java/Maven (or O2C_TEST_KAFKA=0): testBrokers() printed why; in CI the global setup fails instead.
    describe.skip(name, () => body([])); // skipped: no broker here (testBrokers() printed why; CI's global setup fails instead)
    return;
  }
  describe(name, () => {
    const brokers: string[] = [];
    let broker: TestBroker | undefined;
    beforeAll(async () => {
      const started = await startTestBroker({ own: true });
      if ('skipped' in started) throw new Error(started.skipped);
      broker = started;
      brokers.push(...started.brokers.split(','));
    }, 300_000);
    body(brokers);
    // After the suite's own afterAll hooks (jest runs them in declaration order): its processes stop before their broker.
    afterAll(() => {
      if (broker) stopTestBroker(broker);
    });
  });
};

export function testKafka(brokers: string[], clientId: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 }, ...extra });
}
