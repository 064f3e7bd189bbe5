import { describeOwnKafka } from '../support/kafka';
import { agencyHandoffScenario } from './agency-handoff.scenario';

describeOwnKafka('agency handoff end to end over Kafka (real broker, real PostgreSQL, simulated agency process)', (brokers) => {
  agencyHandoffScenario(brokers);
});
