import { InProcessTransport } from '../transport/in-process-transport';
import { describeRelayAndConsumer } from './relay-and-consumer.contract';

describeRelayAndConsumer('in-process transport', async () => new InProcessTransport());
