import { BOUNDED_CONTEXTS, PUBLISHED_UPCASTERS, PUBLISHED_VERSIONS, topicOf, type BoundedContext, type PublishedEvent } from '@o2c/contracts';
import type { RecordedEvent } from '@o2c/event-store';
import { DomainException, UpcasterChain } from '@o2c/kernel';
import type { EntityManager } from 'typeorm';
import { UndecodableMessageError, type ConsumerDefinition, type HandlerContext } from '../consumer/message-consumer';
import type { IncomingMessage } from '../transport/message-transport';

/** The version a translator publishes a type at: the newest one (libs/contracts' PUBLISHED_VERSIONS), else 1. */
export const currentPublishedVersion = (context: BoundedContext, type: string): number => PUBLISHED_VERSIONS[context]?.[type] ?? 1;

/** Builds a published contract from a stored event: the message id is the event's id, so a republish is the same message. */
export function publishedFrom<Data>(
  event: RecordedEvent,
  published: { context: BoundedContext; type: string; key: string; data: Data; schemaVersion?: number },
): PublishedEvent<string, Data> {
  return {
    type: published.type,
    schemaVersion: published.schemaVersion ?? currentPublishedVersion(published.context, published.type),
    context: published.context,
    key: published.key,
    data: published.data,
    metadata: {
      messageId: event.id,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      actor: event.metadata.actor,
      occurredAt: event.metadata.occurredAt,
      sourceStream: event.streamName,
      sourcePosition: event.position.toString(),
    },
  };
}

/** Reads a published contract off the bus; anything else is undecodable (a dead letter). */
export function decodePublished(incoming: IncomingMessage): PublishedEvent {
  let value: unknown;
  try {
    value = JSON.parse(incoming.value);
  } catch {
    throw new UndecodableMessageError('message.bad_json', 'the message value is not JSON');
  }
  const v = value as Partial<PublishedEvent> | null;
  if (!v || typeof v !== 'object') throw new UndecodableMessageError('message.bad_shape', 'the message value is not an object');
  if (typeof v.type !== 'string' || !v.type) throw new UndecodableMessageError('message.bad_shape', 'type is missing', 'type');
  if (typeof v.schemaVersion !== 'number') throw new UndecodableMessageError('message.bad_shape', 'schemaVersion is missing', 'schemaVersion');
  if (!v.data || typeof v.data !== 'object') throw new UndecodableMessageError('message.bad_shape', 'data is missing', 'data');
  if (!v.metadata || typeof v.metadata.messageId !== 'string') throw new UndecodableMessageError('message.bad_shape', 'metadata.messageId is missing', 'metadata.messageId');
  return v as PublishedEvent;
}

/** Each publishing context's upcasters (libs/contracts), chained. */
const PUBLISHED_CHAINS = new Map<string, UpcasterChain>(
  BOUNDED_CONTEXTS.map((context) => [context, new UpcasterChain(PUBLISHED_UPCASTERS.filter((u) => u.context === context), PUBLISHED_VERSIONS[context] ?? {})]),
);

/** A published event as its type's current version (an older release's message still on a topic is read through the upcasters). */
export function upcastPublished(event: PublishedEvent): PublishedEvent {
  const chain = PUBLISHED_CHAINS.get(event.context);
  if (!chain) return event;
  try {
    return chain.upcast(event);
  } catch (error) {
    if (error instanceof DomainException) throw new UndecodableMessageError('message.unsupported_version', error.error.message, 'schemaVersion');
    throw error;
  }
}

export type PublishedEventHandler = (event: PublishedEvent, context: HandlerContext) => Promise<void>;

/**
 * A consumer group reacting to other contexts' published events: one handler
 * per event type it cares about; other types pass by. Older versions are
 * upcast first, so a handler reads its type's current version; a version the
 * handler does not know is a dead letter, never a guess.
 */
export function publishedEventConsumer(options: {
  groupId: string;
  from: readonly BoundedContext[];
  handlers: Readonly<Record<string, { versions: readonly number[]; handle: PublishedEventHandler }>>;
  /** See ConsumerDefinition.pipelined: only when every handler keeps a key's order itself. */
  pipelined?: boolean;
  /**
   * See ConsumerDefinition.handleMany: a batch's events of the handled types at once, in order (the other types pass
   * by); must have the same effect as each type's `handle` one event at a time.
   */
  handleMany?: (items: readonly { event: PublishedEvent; context: HandlerContext }[], manager: EntityManager) => Promise<void>;
}): ConsumerDefinition<PublishedEvent | undefined> {
  const handleMany = options.handleMany;
  return {
    groupId: options.groupId,
    pipelined: options.pipelined ?? false,
    ...(handleMany && {
      handleMany: async (items, manager) => {
        const events = items.flatMap(({ message, context }) => (message ? [{ event: message, context }] : []));
        if (events.length > 0) await handleMany(events, manager);
      },
    }),
    topics: options.from.map(topicOf),
    decode(incoming) {
      const decoded = decodePublished(incoming);
      const handler = options.handlers[decoded.type];
      if (!handler) return undefined;
      const event = upcastPublished(decoded);
      if (!handler.versions.includes(event.schemaVersion)) {
        throw new UndecodableMessageError('message.unsupported_version', `${event.type} version ${event.schemaVersion} is not supported (supported: ${handler.versions.join(', ')})`, 'schemaVersion');
      }
      return event;
    },
    async handle(event, context) {
      if (event) await options.handlers[event.type].handle(event, context);
    },
  };
}
