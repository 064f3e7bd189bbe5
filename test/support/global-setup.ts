import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../libs/kernel/src/postgres/embedded-postgres';
import { freePort } from './free-port';
import { startTestBroker, type TestBroker } from './kafka-broker';

declare global {
  var __O2C_TEST_POSTGRES__: RunningPostgres | undefined;
  var __O2C_TEST_KAFKA__: TestBroker | undefined;
}

/** Fault tests run our apps as real processes from dist/: compile them once for the run. */
function buildApps(): void {
  const root = join(__dirname, '..', '..');
  const built = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the apps for the fault tests failed:\n${built.stdout}${built.stderr}`);
}

/** A real Kafka broker for the run (scripts/kafka.sh); O2C_TEST_KAFKA=0 turns it off, with a one-line notice. */
async function setUpKafka(): Promise<void> {
  if (process.env.O2C_TEST_KAFKA === '0') {
    process.env.O2C_KAFKA_SKIP_REASON = 'Kafka suite NOT RUN: O2C_TEST_KAFKA=0';
    return;
  }
  const broker = await startTestBroker();
  if ('skipped' in broker) {
    process.env.O2C_KAFKA_SKIP_REASON = broker.skipped;
    console.warn(broker.skipped);
    return;
  }
  globalThis.__O2C_TEST_KAFKA__ = broker;
  process.env.O2C_TEST_KAFKA_BROKERS = broker.brokers;
}

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when given, else an
 * embedded server on a free port. Each test file creates its own database
 * (test/support/database.ts), so parallel workers never share tables.
 */
export default async function globalSetup(): Promise<void> {
  // The fault tests need Kafka too: without a broker there is nothing to build for.
  if (process.env.O2C_TEST_KAFKA !== '0') buildApps();
  await setUpKafka();
  if (process.env.DATABASE_URL) {
    process.env.O2C_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const port = await freePort();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'o2c-test-pg-')), 'data');
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    persistent: false,
    // Throw-away cluster: durability is tested on purpose elsewhere, not paid for here.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  globalThis.__O2C_TEST_POSTGRES__ = server;
  process.env.O2C_TEST_ADMIN_URL = server.url;
}
