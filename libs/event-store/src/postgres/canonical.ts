import { hash } from 'node:crypto';
import type { PreparedEvent } from '../append-validation';

/**
 * The tamper-evident chain's canonical bytes, built in node exactly as PostgreSQL's o2c_es.event_canonical (schema.ts)
 * builds them from a stored row, so the append hashes in node (cheap) and `o2c audit verify` recomputes in SQL
 * (independently). Byte-for-byte equality with the SQL function is tested in canonical.spec.ts on generated values.
 *
 * o2c_es.event_canonical is the text of the jsonb array
 *   [position::text, stream_name, revision::text, event_id::text, event_type, schema_version, data, metadata, recorded_at]
 * and jsonb's text is normalised: ", " and ": " separators, object keys sorted by UTF-8 byte length then bytes (the last
 * of duplicate keys wins), numbers as `numeric` prints them (never an exponent), strings escaped as escape_json does
 * (which, for strings jsonb accepts, is what JSON.stringify does).
 */

/** A JSON number's text (as JSON.stringify writes it) as PostgreSQL's numeric prints it: exponents expanded. */
export function numericText(text: string): string {
  const e = text.indexOf('e'); // JSON.stringify writes a lower-case exponent
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const fracPart = dot < 0 ? '' : mantissa.slice(dot + 1);
  // numeric keeps the input's scale: digits after the point minus the exponent, at least 0.
  const scale = Math.max(0, fracPart.length - exponent);
  let digits = intPart + fracPart;
  let point = intPart.length + exponent; // the decimal point's place within `digits`
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (digits.length < point + scale) digits += '0'.repeat(point + scale - digits.length);
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point, point + scale);
  if (whole === '') whole = '0';
  const zero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return `${negative && !zero ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** UTF-8 length of a string, or -1 when it is pure ASCII (then its length is its byte length and < compares bytes). */
function nonAsciiByteLength(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return -1;
}

/** jsonb's key order: shorter (in UTF-8 bytes) first, then bytewise. */
function sortKeys(keys: string[]): string[] {
  let ascii = true;
  for (const k of keys) if (nonAsciiByteLength(k) >= 0) ascii = false;
  if (ascii) return keys.sort((a, b) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0));
  const bytes = new Map(keys.map((k) => [k, Buffer.from(k, 'utf8')]));
  return keys.sort((a, b) => {
    const x = bytes.get(a)!;
    const y = bytes.get(b)!;
    return x.length !== y.length ? x.length - y.length : Buffer.compare(x, y);
  });
}

/** jsonb's text of a value parsed from JSON (JSON.parse). */
export function jsonbText(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : numericText(JSON.stringify(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        let text = `[${jsonbText(value[0])}`;
        for (let i = 1; i < value.length; i++) text += `, ${jsonbText(value[i])}`;
        return `${text}]`;
      }
      const object = value as Record<string, unknown>;
      const own = Object.keys(object);
      const keys = own.length > 1 ? sortKeys(own) : own;
      if (keys.length === 0) return '{}';
      let text = `{${JSON.stringify(keys[0])}: ${jsonbText(object[keys[0]])}`;
      for (let i = 1; i < keys.length; i++) text += `, ${JSON.stringify(keys[i])}: ${jsonbText(object[keys[i]])}`;
      return `${text}}`;
    }
    default:
      throw new Error(`not a JSON value: ${typeof value}`);
  }
}

/** JSON text read back the way jsonb would store it. */
export const jsonTextAsJsonb = (json: string): string => jsonbText(JSON.parse(json));

/** A plain JSON number's text as jsonb prints it; JSON.stringify's rule for the rest (non-finite: null). */
const numberText = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : Number.isFinite(n) ? numericText(JSON.stringify(n)) : 'null');

const FALLBACK = Symbol('fallback');
const MAX_DEPTH = 256;

/**
 * One walk of the value: JSON.stringify's text of it, read back as jsonb would store it, without writing JSON and
 * parsing it again. Plain values only (objects, arrays, strings, finite and non-finite numbers, booleans, null, and
 * undefined or functions dropped as JSON.stringify drops them); anything else (toJSON, boxed primitives, bigint, very
 * deep or circular values) returns FALLBACK, and the caller takes the slow, exact way.
 */
function walk(value: unknown, depth: number): string | undefined | typeof FALLBACK {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object': {
      if (value === null) return 'null';
      if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return FALLBACK;
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          const item = walk(value[i], depth + 1);
          if (item === FALLBACK) return FALLBACK;
          text += `${i === 0 ? '' : ', '}${item ?? 'null'}`;
        }
        return `${text}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return FALLBACK;
      const object = value as Record<string, unknown>;
      const own = Object.keys(object);
      const keys = own.length > 1 ? sortKeys(own) : own;
      let text = '{';
      let first = true;
      for (const key of keys) {
        const item = walk(object[key], depth + 1);
        if (item === FALLBACK) return FALLBACK;
        if (item === undefined) continue;
        text += `${first ? '' : ', '}${JSON.stringify(key)}: ${item}`;
        first = false;
      }
      return `${text}}`;
    }
    default:
      return FALLBACK; // bigint: JSON.stringify throws, and the caller reports it
  }
}

/**
 * What jsonb stores for `JSON.stringify(value)`, as its text (itself JSON, parsed by PostgreSQL to the same jsonb), or
 * undefined when JSON.stringify returns undefined. Throws what JSON.stringify throws (circular values, bigint).
 */
export function jsonbOf(value: unknown): string | undefined {
  const text = walk(value, 0);
  if (text !== FALLBACK) return text;
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : jsonTextAsJsonb(json);
}

export interface CanonicalEvent {
  readonly position: bigint;
  readonly streamName: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  /** JSON text. */
  readonly data: string;
  /** JSON text. */
  readonly metadata: string;
  /** recorded_at as `YYYY-MM-DDTHH:MI:SS.ffffffZ` (UTC, microseconds). */
  readonly recordedAt: string;
}

/**
 * The bytes o2c_es.event_canonical returns for this row. `jsonb` converts JSON text to jsonb's text (default
 * jsonTextAsJsonb). The checked reference for the append's own builders (linkEvents, copy-events.ts), used by the specs.
 */
export function canonicalBytes(e: CanonicalEvent, jsonb: (json: string) => string = jsonTextAsJsonb): Buffer {
  const text = `["${e.position}", ${JSON.stringify(e.streamName)}, "${e.revision}", "${e.eventId.toLowerCase()}", ${JSON.stringify(e.eventType)}, ${e.schemaVersion}, ${jsonb(e.data)}, ${jsonb(e.metadata)}, "${e.recordedAt}"]`;
  return Buffer.from(text, 'utf8');
}

export const ZERO_LINK: Buffer = Buffer.alloc(32);

/** A row of an append, its revision decided: what linkEvents chains. */
export interface ChainRow {
  readonly streamName: string;
  readonly revision: bigint;
  readonly event: PreparedEvent;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Both links of every row, row k at position `firstPosition + k`, chained from `allHead`: `all` and `stream` hold
 * 32 bytes per row (sent as bytea and cut by o2c_es.write_events). `streamLinks` holds
 * each stream's chain head and is moved forward. Same bytes as
 * canonicalBytes and link, without their allocations: each row's canonical text is written once, after 32 bytes of
 * room for the previous link, into one scratch buffer hashed in one call per chain. `data` and `metadata` are already
 * in jsonb's normal form (prepareAppend).
 */
export function linkEvents(
  rows: readonly ChainRow[],
  firstPosition: bigint,
  recordedAt: string,
  allHead: Buffer,
  streamLinks: Map<string, Buffer>,
): { all: Buffer; stream: Buffer } {
  const all = Buffer.allocUnsafe(32 * rows.length);
  const stream = Buffer.allocUnsafe(32 * rows.length);
  const quoted = new Map<string, string>();
  const quote = (s: string): string => {
    let q = quoted.get(s);
    if (q === undefined) quoted.set(s, (q = JSON.stringify(s)));
    return q;
  };
  let previous = allHead;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    const e = row.event;
    const text = `["${firstPosition + BigInt(k)}", ${quote(row.streamName)}, "${row.revision}", "${e.id}", ${quote(e.type)}, ${e.schemaVersion}, ${e.data}, ${e.metadata}, "${recordedAt}"]`;
    const room = 32 + 3 * text.length; // UTF-16 code units to UTF-8 bytes: at most 3 each
    if (scratch.length < room) scratch = Buffer.allocUnsafe(Math.max(room, 2 * scratch.length));
    const end = 32 + scratch.write(text, 32, 'utf8');
    previous.copy(scratch, 0);
    previous = hash('sha256', scratch.subarray(0, end), 'buffer');
    previous.copy(all, 32 * k);
    streamLinks.get(row.streamName)!.copy(scratch, 0);
    const streamLink = hash('sha256', scratch.subarray(0, end), 'buffer');
    streamLinks.set(row.streamName, streamLink);
    streamLink.copy(stream, 32 * k);
  }
  return { all, stream };
}
