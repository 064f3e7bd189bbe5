import { createHash } from 'node:crypto';

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

/** `data` and `metadata` as serialised by prepareAppend (JSON text), read back the way jsonb would store them. */
export const jsonTextAsJsonb = (json: string): string => jsonbText(JSON.parse(json));

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
 * jsonTextAsJsonb); an append passes a memo of it, since the events of one command usually share their metadata.
 */
export function canonicalBytes(e: CanonicalEvent, jsonb: (json: string) => string = jsonTextAsJsonb): Buffer {
  const text = `["${e.position}", ${JSON.stringify(e.streamName)}, "${e.revision}", "${e.eventId.toLowerCase()}", ${JSON.stringify(e.eventType)}, ${e.schemaVersion}, ${jsonb(e.data)}, ${jsonb(e.metadata)}, "${e.recordedAt}"]`;
  return Buffer.from(text, 'utf8');
}

/** jsonTextAsJsonb with a memo of the last few distinct texts (one append's shared metadata). */
export function memoisedJsonb(): (json: string) => string {
  const memo = new Map<string, string>();
  return (json) => {
    let text = memo.get(json);
    if (text === undefined) {
      text = jsonTextAsJsonb(json);
      if (json.length < 4096) {
        if (memo.size >= 16) memo.delete(memo.keys().next().value!);
        memo.set(json, text);
      }
    }
    return text;
  };
}

/** sha256(previous link || canonical): one link of either chain. */
export const link = (previous: Buffer, canonical: Buffer): Buffer => createHash('sha256').update(previous).update(canonical).digest();

export const ZERO_LINK: Buffer = Buffer.alloc(32);
