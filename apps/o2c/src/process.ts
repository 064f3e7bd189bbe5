import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { authSecretFromEnv, clockFromEnv, startEmbeddedPostgres } from '@o2c/kernel';
import type { BoundedContextDefinition } from '@o2c/messaging';
import type { ReadSideDefinition } from '@o2c/messaging/nest';
import { Client } from 'pg';
import { configFromEnv, eventStoreConfig } from './config';
import { createHttpApp } from './http-app';

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** O2C_AUTH_REVOCATION_CACHE_MS: how stale a process's copy of the token revocations may be (0: read them on every request). */
function revocationCacheMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.O2C_AUTH_REVOCATION_CACHE_MS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`O2C_AUTH_REVOCATION_CACHE_MS must be an integer >= 0 (milliseconds), got ${raw}`);
  return value;
}

/**
 * Starts a process hosting `contexts`: PostgreSQL (DATABASE_URL, else the
 * embedded server), the event store, the transport (KAFKA_BROKERS, else in
 * process), the contexts' background work and HTTP. Stops cleanly on
 * SIGINT/SIGTERM.
 */
export async function runProcess(name: string, contexts: readonly BoundedContextDefinition[], options: { requireKafka?: boolean; readSides?: readonly ReadSideDefinition[] } = {}): Promise<void> {
  const logger = new Logger(name);
  const config = configFromEnv();
  if (options.requireKafka && !config.kafkaBrokers) {
    throw new Error(`${name} runs one bounded context alone and talks to the others through Kafka: set KAFKA_BROKERS (e.g. 127.0.0.1:9092)`);
  }
  const auth = authSecretFromEnv(process.env, { create: true });
  if (auth.source === 'env') logger.log('bearer tokens verified with O2C_AUTH_SECRET');
  else {
    logger.warn(`no O2C_AUTH_SECRET: bearer tokens verified with the demo secret in ${auth.source.file}${auth.source.created ? ' (just created)' : ''}; get one with: npm run o2c -- token --role admin --subject you`);
  }
  let databaseUrl = config.databaseUrl;
  let stopPostgres: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    logger.log(`no DATABASE_URL: starting embedded PostgreSQL on 127.0.0.1:${config.embedded.port} with data in ${config.embedded.dataDir}`);
    const postgres = await startEmbeddedPostgres({ dataDir: config.embedded.dataDir, port: config.embedded.port, persistent: true });
    stopPostgres = () => postgres.stop();
    await ensureDatabase(postgres.url, 'o2c');
    databaseUrl = postgres.urlFor('o2c');
  }
  const app = await createHttpApp({
    eventStore: eventStoreConfig(config, databaseUrl),
    clock: clockFromEnv(config.clock),
    auth: auth.config,
    revocationCacheMs: revocationCacheMs(process.env),
    databaseUrl,
    contexts,
    readSides: options.readSides,
    kafkaBrokers: config.kafkaBrokers,
    clientId: name,
  });
  await app.listen(config.port, config.host);
  // A clean stop: close HTTP, the contexts and the store first, then the embedded server, so nothing is cut mid-commit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: shutting down`);
      void app
        .close()
        .then(() => stopPostgres?.())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
    });
  }
  const transport = config.kafkaBrokers ? `Kafka at ${config.kafkaBrokers.join(',')}` : 'the in-process transport';
  logger.log(`contexts: ${contexts.map((c) => c.name).join(', ') || 'none'}; messaging through ${transport}`);
  logger.log(`listening on http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port} (OpenAPI at /docs, health at /health)`);
}

export function main(name: string, contexts: readonly BoundedContextDefinition[], options: { requireKafka?: boolean; readSides?: readonly ReadSideDefinition[] } = {}): void {
  runProcess(name, contexts, options).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
