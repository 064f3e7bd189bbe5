export default async function globalTeardown(): Promise<void> {
  await globalThis.__O2C_TEST_POSTGRES__?.stop();
}
