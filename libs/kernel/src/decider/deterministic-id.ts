import { createHash } from 'node:crypto';

/** Our namespace for name-based (v5) UUIDs. */
export const O2C_NAMESPACE = '6f1d3c0e-8a57-4f7a-9c2b-0d4e5f6a7b8c';

/**
 * A name-based UUID (RFC 9562 version 5): the same name always gives the same
 * id, so an event derived from a message keeps its id when the message is
 * redelivered and the store's idempotent append absorbs the repeat.
 */
export function deterministicId(name: string, namespace: string = O2C_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
