/**
 * A published contract: the only thing bounded contexts share. Each context
 * translates its internal events into these (STYLE.md rule 7); the `type` is a
 * stable past-tense name, never a class name, and `schemaVersion` says which
 * shape `data` has. A breaking change gets a new type name; an additive one a
 * new version with an upcaster.
 */
export interface PublishedEventMetadata {
  /** The id of the published message: the source event's id, so a republish is recognisably the same message. */
  readonly messageId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly occurredAt: string;
  /** Where it came from in the store, for auditors (decimal strings: JSON has no bigint). */
  readonly sourceStream: string;
  readonly sourcePosition: string;
}

export interface PublishedEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly schemaVersion: number;
  /** The publishing bounded context. */
  readonly context: BoundedContext;
  /** The partition key: keeps one account's events in order (its account id). */
  readonly key: string;
  readonly data: Data;
  readonly metadata: PublishedEventMetadata;
}

export const BOUNDED_CONTEXTS = ['accounts', 'invoicing', 'collections', 'disputes', 'agency'] as const;
export type BoundedContext = (typeof BOUNDED_CONTEXTS)[number];

/** Kafka topic of a context's published events. */
export const topicOf = (context: BoundedContext): string => `o2c.${context}.events`;
