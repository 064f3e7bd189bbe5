import type { ProjectionDefinition } from '@o2c/kernel';
import type { BoundedContextDefinition } from '../host/context-runtime';

/**
 * A read side that is no bounded context (analytics): read models over the
 * store's events, translated by translators the composing process hands it,
 * and a Nest module for its queries. It publishes nothing and consumes nothing.
 */
export interface ReadSideDefinition {
  readonly name: string;
  readonly module?: new (...args: never[]) => unknown;
  readonly projections: readonly ProjectionDefinition<object>[];
}

export const HOST_OPTIONS = Symbol('ContextHostOptions');

export interface ContextHostOptions {
  /** The contexts this process runs: all five in apps/o2c, one in apps/<context>. */
  readonly contexts: readonly BoundedContextDefinition[];
  /** Read sides hosted beside the contexts (their projections run and rebuild like the contexts' own). */
  readonly readSides?: readonly ReadSideDefinition[];
  /** PostgreSQL for read models, consumers' records and relay checkpoints (the event store's database by default). */
  readonly databaseUrl: string;
  /** Kafka bootstrap servers; absent: the in-process transport (one process only). */
  readonly kafkaBrokers?: readonly string[];
  /** Names this process to Kafka. */
  readonly clientId?: string;
  /** Run the relays, consumers and projections (default true). Off for tests that drive them by hand. */
  readonly runBackground?: boolean;
}
