import type { BoundedContextDefinition } from '../host/context-runtime';

export const HOST_OPTIONS = Symbol('ContextHostOptions');

export interface ContextHostOptions {
  /** The contexts this process runs: all five in apps/o2c, one in apps/<context>. */
  readonly contexts: readonly BoundedContextDefinition[];
  /** PostgreSQL for read models, consumers' records and relay checkpoints (the event store's database by default). */
  readonly databaseUrl: string;
  /** Kafka bootstrap servers; absent: the in-process transport (one process only). */
  readonly kafkaBrokers?: readonly string[];
  /** Names this process to Kafka. */
  readonly clientId?: string;
  /** Run the relays, consumers and projections (default true). Off for tests that drive them by hand. */
  readonly runBackground?: boolean;
}
