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
  // The events of one append usually share one metadata object: serialised once.
  const metadataTexts = new Map<object, string>();
  return events.map((event, i) => {
    const at = `events[${i}]`;
    const id = event.id ?? randomUUID();
    if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidAppendError(`${at}.id`, `${at}.id must be a UUID, got "${String(id)}"`);
    if (ids.has(id.toLowerCase())) throw new InvalidAppendError(`${at}.id`, `${at}.id ${id} appears twice in one append`);
    ids.add(id.toLowerCase());
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 200) {
      throw new InvalidAppendError(`${at}.type`, `${at}.type must be a non-empty string of at most 200 characters`);
    }
    if (event.type.includes('\u0000')) throw new InvalidAppendError(`${at}.type`, `${at}.type must not contain the NUL character`);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) throw new InvalidAppendError(`${at}.schemaVersion`, `${at}.schemaVersion must be a positive integer`);
    const metadata = event.metadata as unknown as Record<string, unknown> | undefined;
    for (const key of ['correlationId', 'causationId', 'actor', 'occurredAt'] as const) {
      if (typeof metadata?.[key] !== 'string' || (metadata[key] as string).length === 0) {
        throw new InvalidAppendError(`${at}.metadata.${key}`, `${at}.metadata.${key} is required (a non-empty string)`);
      }
    }
    if (Number.isNaN(Date.parse(metadata!.occurredAt as string))) {
      throw new InvalidAppendError(`${at}.metadata.occurredAt`, `${at}.metadata.occurredAt must be an ISO-8601 instant`);
    }
    let data: string | undefined;
    try {
      data = jsonbOf(event.data);
    } catch (error) {
      throw new InvalidAppendError(`${at}.data`, `${at}.data is not JSON-serialisable: ${(error as Error).message}`);
    }
    if (data === undefined) throw new InvalidAppendError(`${at}.data`, `${at}.data is required`);
    let metadataText = metadataTexts.get(metadata!);
    if (metadataText === undefined) {
      try {
        metadataText = jsonbOf(metadata)!;
      } catch (error) {
        throw new InvalidAppendError(`${at}.metadata`, `${at}.metadata is not JSON-serialisable: ${(error as Error).message}`);
      }
      metadataTexts.set(metadata!, metadataText);
    }
    return { id: id.toLowerCase(), type: event.type, schemaVersion, data, metadata: metadataText };
  });
}
