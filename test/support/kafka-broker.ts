import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'kafka.sh');

export interface TestBroker {
  readonly brokers: string;
  readonly env: NodeJS.ProcessEnv;
}

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/**
 * Starts a real Apache Kafka 4.x (scripts/kafka.sh) on free ports with a fresh
 * log folder, or says in one line why it cannot. In CI (CI set) a missing Java
 * or Maven is an error: the Kafka suite must run there.
 */
export async function startTestBroker(options: { own?: boolean } = {}): Promise<TestBroker | { skipped: string }> {
  if (process.env.KAFKA_BROKERS && !options.own) return { brokers: process.env.KAFKA_BROKERS, env: {} };
  const missing = ['java', 'mvn'].filter((c) => !has(c));
  if (missing.length > 0) {
    const reason = `Kafka suite NOT RUN: ${missing.join(' and ')} not found (install a JDK 17+ and Maven, or set KAFKA_BROKERS)`;
    if (process.env.CI) throw new Error(`${reason}; CI must run it`);
    return { skipped: reason };
  }
  const env = {
    ...process.env,
    O2C_KAFKA_PORT: String(await freePort()),
    O2C_KAFKA_CONTROLLER_PORT: String(await freePort()),
    O2C_KAFKA_DIR: mkdtempSync(join(tmpdir(), 'o2c-test-kafka-')),
  };
  const started = spawnSync('bash', [SCRIPT, 'start'], { env, encoding: 'utf8', timeout: 300_000 });
  if (started.status !== 0) throw new Error(`scripts/kafka.sh start failed (${started.status}):\n${started.stderr}`);
  const brokers = started.stdout.trim().split('\n').pop()!;
  return { brokers, env };
}

export function stopTestBroker(broker: TestBroker): void {
  if (Object.keys(broker.env).length === 0) return;
  spawnSync('bash', [SCRIPT, 'stop'], { env: broker.env, encoding: 'utf8', timeout: 60_000 });
}

/** Stops a broker this run started, and starts it again on the same log folder and ports (for fault tests). */
export function stopBroker(broker: TestBroker): void {
  const stopped = spawnSync('bash', [SCRIPT, 'stop'], { env: broker.env, encoding: 'utf8', timeout: 60_000 });
  if (stopped.status !== 0) throw new Error(`scripts/kafka.sh stop failed (${stopped.status}):\n${stopped.stderr}`);
}

export function resumeBroker(broker: TestBroker): void {
  const started = spawnSync('bash', [SCRIPT, 'resume'], { env: broker.env, encoding: 'utf8', timeout: 300_000 });
  if (started.status !== 0) throw new Error(`scripts/kafka.sh resume failed (${started.status}):\n${started.stderr}`);
}
