import { resolve } from 'node:path';
import type { EventStoreConfig } from '@o2c/event-store';

/** Everything the process reads from its environment, read once at start. */
export interface O2cConfig {
  readonly host: string;
  readonly port: number;
  /** An existing PostgreSQL server; when absent an embedded one is started. */
  readonly databaseUrl?: string;
  readonly embedded: { readonly dataDir: string; readonly port: number };
  readonly eventStoreUrl?: string;
  /** `system`, or `manual:<ISO instant>` for the demo mode. */
  readonly clock?: string;
  /** Kafka bootstrap servers (KAFKA_BROKERS, comma separated); absent: the in-process transport. */
  readonly kafkaBrokers?: readonly string[];
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): O2cConfig {
  return {
    host: env.HOST || '0.0.0.0',
    port: intFrom(env, 'PORT', 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    embedded: {
      dataDir: resolve(env.O2C_DATA_DIR || '.o2c/pgdata'),
      port: intFrom(env, 'O2C_PG_PORT', 54329),
    },
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    clock: env.O2C_CLOCK || undefined,
    kafkaBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean) : undefined,
  };
}

export function eventStoreConfig(config: O2cConfig, databaseUrl: string): EventStoreConfig {
  return config.eventStoreUrl
    ? { adapter: 'eventstoredb', connectionString: config.eventStoreUrl }
    : { adapter: 'postgresql', databaseUrl };
}
