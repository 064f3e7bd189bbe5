import { InProcessTransport } from './in-process-transport';
import { describeTransportContract } from './transport.contract';

describeTransportContract('in-process', async () => new InProcessTransport());
