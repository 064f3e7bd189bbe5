import { INGRESS_TOPICS, type BoundedContext, type IngressMessage, type IngressMessageType } from '@o2c/contracts';
import { DomainException } from '@o2c/kernel';
import { UndecodableMessageError, type ConsumerDefinition } from '../consumer/message-consumer';
import type { ContextRuntime, IngressHandler } from '../host/context-runtime';
import { channelOfTopic, decodeIngress, INGRESS_TYPES, type IngressChannel } from './ingress-decoder';

/**
 * The context that answers for a channel's malformed or unknown messages:
 * several contexts read `o2c.ingress.orders`, but only one dead-letters what
 * none of them can read, so a bad message lands in the DLQ once.
 */
export const INGRESS_CHANNEL_OWNERS: Record<IngressChannel, BoundedContext> = { orders: 'accounts', payments: 'invoicing' };

/**
 * One consumer group per context on the ingress topics carrying its message
 * types (`o2c.<context>.ingress`). Each message it owns becomes one of its
 * commands, in the transaction that records the message id; the rest pass by.
 */
export function ingressConsumer(runtime: ContextRuntime): ConsumerDefinition<IngressMessage | undefined> | undefined {
  const handlers = runtime.ingress ?? {};
  const owned = Object.keys(handlers) as IngressMessageType[];
  const channels = (Object.keys(INGRESS_TYPES) as IngressChannel[]).filter(
    (channel) => INGRESS_CHANNEL_OWNERS[channel] === runtime.context || INGRESS_TYPES[channel].some((type) => owned.includes(type)),
  );
  if (channels.length === 0) return undefined;
  return {
    groupId: `o2c.${runtime.context}.ingress`,
    topics: channels.map((channel) => INGRESS_TOPICS[channel]),
    deadLetterTopic: INGRESS_TOPICS.deadLetters,
    // Every ingress handler is one command through its context's per-stream queue (LedgerService, AccountStreams).
    pipelined: true,
    decode(incoming) {
      const channel = channelOfTopic(incoming.topic)!;
      const owner = INGRESS_CHANNEL_OWNERS[channel] === runtime.context;
      let raw: unknown;
      try {
        raw = JSON.parse(incoming.value);
      } catch {
        if (owner) throw new UndecodableMessageError('ingress.bad_json', 'the message value is not JSON');
        return undefined;
      }
      const type = (raw as { type?: unknown } | null)?.type;
      if (!owner && !(typeof type === 'string' && owned.includes(type as IngressMessageType))) return undefined;
      try {
        const message = decodeIngress(channel, raw);
        return owned.includes(message.type) ? message : undefined;
      } catch (error) {
        if (error instanceof DomainException) throw new UndecodableMessageError(error.error.code, error.error.message, error.error.field);
        throw error;
      }
    },
    messageIdOf: (message) => (message ? `ingress:${message.messageId}` : undefined),
    async handle(message, context) {
      if (!message) return;
      const handler = handlers[message.type] as IngressHandler | undefined;
      await handler!(message, { messageId: message.messageId, via: 'kafka', manager: context.manager });
    },
  };
}
