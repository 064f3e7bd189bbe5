import type { BoundedContext, IngressMessage, IngressMessageType, PublishedEvent } from '@o2c/contracts';
import type { ProjectionDefinition } from '@o2c/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConsumerDefinition } from '../consumer/message-consumer';
import type { Translator } from '../relay/relay';

/** The TypeORM DataSource on PostgreSQL that holds read models, consumers' records and contexts' own tables. */
export const READ_MODEL_DATA_SOURCE = Symbol('ReadModelDataSource');

/** Where an ingress message came from; its id is the publisher's message id. */
export interface IngressContext {
  readonly messageId: string;
  readonly via: 'http' | 'kafka';
  /** Kafka only: the consumer's transaction, which also records the message as handled. */
  readonly manager?: EntityManager;
}

/** What an ingress handler did, returned to an HTTP publisher as it is. */
export interface IngressOutcome {
  /** e.g. `released`, `held`, `invoice_issued`, `allocated`, `already_handled`. */
  readonly outcome: string;
  readonly [detail: string]: unknown;
}

export type IngressHandler<T extends IngressMessageType = IngressMessageType> = (message: IngressMessage<T>, context: IngressContext) => Promise<IngressOutcome>;

/**
 * What a bounded context hands to the process that hosts it (apps/o2c hosts
 * all five; apps/<context> one). The host migrates, then runs the context's
 * projections, its consumers, its ingress handlers and a relay for its
 * translator, and stops them on shutdown. A context never sees another's
 * runtime: it reacts to published events on Kafka topics only.
 */
export interface ContextRuntime {
  readonly context: BoundedContext;
  /** Internal events -> published contracts, relayed to `o2c.<context>.events`. */
  readonly translator?: Translator;
  /** Consumer groups on other contexts' topics (name them `o2c.<context>.<purpose>`). */
  readonly consumers?: readonly ConsumerDefinition<unknown>[];
  /** Ingress message types this context owns, each turned into one of its commands. */
  readonly ingress?: { readonly [T in IngressMessageType]?: IngressHandler<T> };
  /** Creates the context's own tables (idempotent; runs under an advisory lock of its own). */
  migrate?(dataSource: DataSource): Promise<void>;
}

/** A bounded context as apps compose it. */
export interface BoundedContextDefinition {
  readonly name: BoundedContext;
  /** The context's Nest module (controllers, handlers); it must provide and export `runtime`. */
  readonly module: new (...args: never[]) => unknown;
  /** The provider class (in `module`) that implements ContextRuntime. */
  readonly runtime: new (...args: never[]) => ContextRuntime;
  /** Read models fed from the store by the kernel's projection runner; their entities join the DataSource. */
  readonly projections: readonly ProjectionDefinition<object>[];
  /** Extra TypeORM entities of the context's own tables, if any. */
  readonly entities?: readonly import('typeorm').EntitySchema[];
}

export type { PublishedEvent };
