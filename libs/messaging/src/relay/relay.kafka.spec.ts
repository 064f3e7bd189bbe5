import { describeKafka } from '../../../../test/support/kafka';
import { KafkaTransport } from '../transport/kafka-transport';
import { describeRelayAndConsumer } from './relay-and-consumer.contract';

describeKafka('relay and consumer on the real broker', (brokers) => {
  describeRelayAndConsumer('Kafka (kafkajs)', async () => new KafkaTransport({ brokers, clientId: 'relay-spec' }));
});
