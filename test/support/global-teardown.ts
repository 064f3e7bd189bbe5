import { stopTestBroker } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__O2C_TEST_POSTGRES__?.stop();
  if (globalThis.__O2C_TEST_KAFKA__) stopTestBroker(globalThis.__O2C_TEST_KAFKA__);
}
