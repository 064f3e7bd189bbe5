import type { IngressMessage, IngressMessageType } from '@o2c/contracts';
import { DomainException, httpStatusOf, type DomainError } from '@o2c/kernel';
import { decodeIngress, INGRESS_TYPES, type IngressChannel } from './ingress-decoder';

/** Largest batch accepted in one request. */
export const MAX_INGRESS_BATCH = 1000;

/**
 * One message's outcome in a batch, at its index in the request: the status and what POST /ingress/<channel> would have
 * answered for it alone (`result`: the outcome; `error`: the error naming the field).
 */
export type IngressBatchItem =
  | { readonly index: number; readonly messageId?: string; readonly status: number; readonly result: { readonly outcome: string; readonly [detail: string]: unknown } }
  | { readonly index: number; readonly messageId?: string; readonly status: number; readonly error: Pick<DomainError, 'kind' | 'code' | 'message' | 'field'> };

/** A decoded message of a batch, with where it goes. */
export interface BatchMessage {
  readonly index: number;
  readonly channel: IngressChannel;
  readonly message: IngressMessage;
  /** Its account: an account's messages are handled one after the other, in the batch's order. */
  readonly key: string;
}

const channelOf = (type: unknown): IngressChannel | undefined =>
  (Object.keys(INGRESS_TYPES) as IngressChannel[]).find((channel) => INGRESS_TYPES[channel].includes(type as IngressMessageType));

const messageIdOf = (raw: unknown): string | undefined => {
  const id = (raw as { messageId?: unknown } | null)?.messageId;
  return typeof id === 'string' ? id : undefined;
};

const accountOf = (raw: unknown): string | undefined => {
  const account = (raw as { data?: { accountId?: unknown } } | null)?.data?.accountId;
  return typeof account === 'string' ? account : undefined;
};

/** The item for an error: its status and what the single-message endpoint would have answered. */
export function failedItem(index: number, messageId: string | undefined, error: unknown): IngressBatchItem {
  if (error instanceof DomainException) {
    const { kind, code, message, field } = error.error;
    return { index, messageId, status: httpStatusOf(error.error), error: { kind, code, message, field } };
  }
  return { index, messageId, status: 500, error: { kind: 'unavailable', code: 'internal', message: error instanceof Error ? error.message : String(error) } };
}

/**
 * Validates a batch: each element decoded alone (a bad one is an item naming its field, the others go on). The
 * channel is the one whose types include the message's type.
 */
export function decodeBatch(raw: readonly unknown[]): { messages: BatchMessage[]; invalid: Map<number, IngressBatchItem>; keys: Map<number, string> } {
  const messages: BatchMessage[] = [];
  const invalid = new Map<number, IngressBatchItem>();
  const keys = new Map<number, string>();
  raw.forEach((element, index) => {
    const account = accountOf(element);
    if (account !== undefined) keys.set(index, account);
    const channel = channelOf((element as { type?: unknown } | null)?.type);
    try {
      if (!channel) {
        // decodeIngress names the problem (not an object, a missing or unknown type) exactly as the single endpoints do.
        decodeIngress('orders', element);
        throw new DomainException({ kind: 'validation', code: 'ingress.unknown_type', message: `unknown ingress message type`, field: 'type' });
      }
      const message = decodeIngress(channel, element);
      messages.push({ index, channel, message, key: (message.data as { accountId: string }).accountId });
    } catch (error) {
      invalid.set(index, failedItem(index, messageIdOf(element), error));
    }
  });
  return { messages, invalid, keys };
}

/**
 * Runs a batch's messages: an account's in the batch's order, one after the other; accounts side by side (at most
 * `lanes` at once). Once one of an account's messages fails (or was invalid), its later ones in the batch are not
 * attempted (status 424, `ingress.not_attempted`), so the publisher resends them in order after the failed one.
 */
export async function runBatch(
  count: number,
  decoded: ReturnType<typeof decodeBatch>,
  handle: (message: BatchMessage) => Promise<IngressBatchItem>,
  lanes = 32,
): Promise<IngressBatchItem[]> {
  const results: IngressBatchItem[] = new Array<IngressBatchItem>(count);
  for (const [index, item] of decoded.invalid) results[index] = item;
  const byAccount = new Map<string, number[]>();
  for (let index = 0; index < count; index++) {
    const key = decoded.keys.get(index);
    if (key === undefined) continue;
    const indices = byAccount.get(key);
    if (indices) indices.push(index);
    else byAccount.set(key, [index]);
  }
  const byIndex = new Map(decoded.messages.map((m) => [m.index, m]));
  const groups = [...byAccount.values()];
  // A valid message always has an account; an invalid one without an account blocks nothing.
  const runGroup = async (indices: readonly number[]): Promise<void> => {
    let failed: number | undefined;
    for (const index of indices) {
      const message = byIndex.get(index);
      if (failed !== undefined) {
        results[index] = {
          index,
          messageId: message?.message.messageId ?? (results[index] as { messageId?: string } | undefined)?.messageId,
          status: 424,
          error: { kind: 'conflict', code: 'ingress.not_attempted', message: `not attempted: message ${failed} of the same account in this batch failed`, field: 'data.accountId' },
        };
        continue;
      }
      if (!message) {
        failed = index;
        continue;
      }
      results[index] = await handle(message).catch((error: unknown) => failedItem(index, message.message.messageId, error));
      if (results[index].status >= 300) failed = index;
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) await runGroup(groups[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, groups.length) }, worker));
  return results;
}
