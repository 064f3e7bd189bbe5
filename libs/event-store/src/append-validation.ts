import { randomUUID } from 'node:crypto';
import { InvalidAppendError, type NewEvent } from './event-store.port';
import { jsonbOf } from './postgres/canonical';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An event checked and serialised, ready for either adapter. `data` and `metadata` are JSON text in jsonb's normal
 * form (keys sorted as jsonb sorts them, its spacing and numbers): what PostgreSQL stores and what the tamper-evident
 * chain hashes, so the PostgreSQL adapter never parses them again.
 */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
}

/** Checks an append before anything is written; every problem names its field (`events[1].metadata.actor`). */
export function prepareAppend(streamName: string, events: readonly NewEvent[]): PreparedEvent[] {
  if (typeof streamName !== 'string' || streamName.length === 0 || streamName.length > 500) {
    throw new InvalidAppendError('streamName', 'streamName must be a non-empty string of at most 500 characters');
  }
  if (streamName.includes('\u0000')) throw new InvalidAppendError('streamName', 'streamName must not contain the NUL character');
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError('events', 'events must be a non-empty array');
  const ids = new Set<string>();
  // The events of one append usually share one metadata object and one type: each checked and serialised once.
  const metadataTexts = new Map<object, string>();
  let checkedType: string | undefined;
  const prepared: PreparedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const at = () => `events[${i}]`;
    const given = event.id ?? randomUUID();
    if (typeof given !== 'string' || !UUID.test(given)) throw new InvalidAppendError(`${at()}.id`, `${at()}.id must be a UUID, got "${String(given)}"`);
    const id = given.toLowerCase();
    if (ids.has(id)) throw new InvalidAppendError(`${at()}.id`, `${at()}.id ${given} appears twice in one append`);
    ids.add(id);
    const type = event.type;
    if (type !== checkedType) {
      if (typeof type !== 'string' || type.length === 0 || type.length > 200) {
        throw new InvalidAppendError(`${at()}.type`, `${at()}.type must be a non-empty string of at most 200 characters`);
      }
      if (type.includes('\u0000')) throw new InvalidAppendError(`${at()}.type`, `${at()}.type must not contain the NUL character`);
      checkedType = type;
    }
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) throw new InvalidAppendError(`${at()}.schemaVersion`, `${at()}.schemaVersion must be a positive integer`);
    const metadata = event.metadata as unknown as Record<string, unknown> | undefined;
    let metadataText = typeof metadata === 'object' && metadata !== null ? metadataTexts.get(metadata) : undefined;
    if (metadataText === undefined) {
      for (const key of ['correlationId', 'causationId', 'actor', 'occurredAt'] as const) {
        if (typeof metadata?.[key] !== 'string' || (metadata[key] as string).length === 0) {
          throw new InvalidAppendError(`${at()}.metadata.${key}`, `${at()}.metadata.${key} is required (a non-empty string)`);
        }
      }
      if (Number.isNaN(Date.parse(metadata!.occurredAt as string))) {
        throw new InvalidAppendError(`${at()}.metadata.occurredAt`, `${at()}.metadata.occurredAt must be an ISO-8601 instant`);
      }
      try {
        metadataText = jsonbOf(metadata)!;
      } catch (error) {
        throw new InvalidAppendError(`${at()}.metadata`, `${at()}.metadata is not JSON-serialisable: ${(error as Error).message}`);
      }
      metadataTexts.set(metadata!, metadataText);
    }
    let data: string | undefined;
    try {
      data = jsonbOf(event.data);
    } catch (error) {
      throw new InvalidAppendError(`${at()}.data`, `${at()}.data is not JSON-serialisable: ${(error as Error).message}`);
    }
    if (data === undefined) throw new InvalidAppendError(`${at()}.data`, `${at()}.data is required`);
    prepared[i] = { id, type, schemaVersion, data, metadata: metadataText };
  }
  return prepared;
}
