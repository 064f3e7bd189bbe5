import { describeKafka } from '../../../../test/support/kafka';
import { KafkaTransport } from './kafka-transport';
import { describeTransportContract } from './transport.contract';

describeKafka('Kafka transport on the real broker', (brokers) => {
  describeTransportContract('Kafka (kafkajs)', async () => new KafkaTransport({ brokers, clientId: 'transport-contract' }));
});
