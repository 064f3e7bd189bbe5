import { hash } from 'node:crypto';
import type { ChainRow } from './canonical';

/**
 * Large appends are written with `COPY o2c_es.events (COPY_COLUMNS) FROM STDIN (FORMAT binary)`: the server reads
 * lengths and bytes, with none of INSERT's per-row expression work. This file writes those rows, and links them into
 * both tamper-evident chains on the way: each row's canonical text (the same bytes as canonical.ts's canonicalBytes,
 * checked in canonical.spec.ts against o2c_es.event_canonical) is assembled in a scratch buffer from the row's own
 * encoded bytes (data and metadata are UTF-8 encoded once) and hashed in one call per chain.
 *
 * Binary COPY format: an 11-byte signature, flags and header-extension length (0, 0), then per row the field count and
 * each field as its byte length and its bytes (send format of its type), then -1 as the trailer.
 */
export const COPY_COLUMNS = 'position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at, hash, stream_hash';
const FIELDS = 11;
export const COPY_HEADER: Buffer = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const COPY_TRAILER: Buffer = Buffer.from([0xff, 0xff]);
const JSONB_VERSION = 1;

/** PostgreSQL's epoch (2000-01-01) in microseconds since 1970. */
const PG_EPOCH_MICROS = 946_684_800_000_000n;

/** `YYYY-MM-DDTHH:MI:SS.ffffffZ` (as the append's lock statement prints clock_timestamp()) in timestamptz's send format. */
export function timestamptzMicros(at: string): bigint {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(at);
  if (!match) throw new Error(`not a UTC instant with microseconds: ${at}`);
  return BigInt(Date.parse(`${match[1]}Z`)) * 1000n + BigInt((match[2] ?? '').padEnd(6, '0')) - PG_EPOCH_MICROS;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

/** Encodes rows as binary COPY rows and links them: state that carries from one chunk of an append to the next. */
export class CopyEncoder {
  private readonly names = new Map<string, { bytes: Buffer; quoted: string }>();
  private readonly types = new Map<string, { bytes: Buffer; quoted: string }>();
  private readonly recordedAtMicros: bigint;

  /**
   * @param head the $all chain's head before the first row; moved forward row by row (read it back with `head`).
   * @param streamLinks each stream's chain head; moved forward.
   */
  constructor(
    private readonly recordedAt: string,
    public head: Buffer,
    private readonly streamLinks: Map<string, Buffer>,
  ) {
    this.recordedAtMicros = timestamptzMicros(recordedAt);
  }

  private static text(memo: Map<string, { bytes: Buffer; quoted: string }>, value: string): { bytes: Buffer; quoted: string } {
    let entry = memo.get(value);
    if (entry === undefined) memo.set(value, (entry = { bytes: Buffer.from(value, 'utf8'), quoted: JSON.stringify(value) }));
    return entry;
  }

  /** rows[from, to), row k at position `firstPosition + k`, as binary COPY rows (no header or trailer), linked. */
  encode(rows: readonly ChainRow[], from: number, to: number, firstPosition: bigint): Buffer {
    let size = 0;
    for (let k = from; k < to; k++) {
      const { streamName, event } = rows[k];
      // Fixed: field count, 11 lengths, position, revision, uuid, version, 2 jsonb versions, timestamptz, 2 links.
      size += 2 + 4 * FIELDS + 8 + 8 + 16 + 4 + 2 + 8 + 64;
      size += 3 * (streamName.length + event.type.length + event.data.length + event.metadata.length);
    }
    const out = Buffer.allocUnsafe(size);
    let o = 0;
    for (let k = from; k < to; k++) {
      const row = rows[k];
      const e = row.event;
      const position = firstPosition + BigInt(k);
      const name = CopyEncoder.text(this.names, row.streamName);
      const type = CopyEncoder.text(this.types, e.type);
      o = out.writeInt16BE(FIELDS, o);
      o = out.writeInt32BE(8, o);
      o = out.writeBigInt64BE(position, o);
      o = out.writeInt32BE(name.bytes.length, o);
      o += name.bytes.copy(out, o);
      o = out.writeInt32BE(8, o);
      o = out.writeBigInt64BE(row.revision, o);
      o = out.writeInt32BE(16, o);
      o += out.write(e.id.slice(0, 8), o, 4, 'hex');
      o += out.write(e.id.slice(9, 13), o, 2, 'hex');
      o += out.write(e.id.slice(14, 18), o, 2, 'hex');
      o += out.write(e.id.slice(19, 23), o, 2, 'hex');
      o += out.write(e.id.slice(24, 36), o, 6, 'hex');
      o = out.writeInt32BE(type.bytes.length, o);
      o += type.bytes.copy(out, o);
      o = out.writeInt32BE(4, o);
      o = out.writeInt32BE(e.schemaVersion, o);
      const dataAt = o + 5;
      const dataLength = out.write(e.data, dataAt, 'utf8');
      out.writeInt32BE(dataLength + 1, o);
      out[o + 4] = JSONB_VERSION;
      o = dataAt + dataLength;
      const metadataAt = o + 5;
      const metadataLength = out.write(e.metadata, metadataAt, 'utf8');
      out.writeInt32BE(metadataLength + 1, o);
      out[o + 4] = JSONB_VERSION;
      o = metadataAt + metadataLength;
      o = out.writeInt32BE(8, o);
      o = out.writeBigInt64BE(this.recordedAtMicros, o);

      // The canonical text after 32 bytes of room for the previous link:
      // ["<position>", <stream>, "<revision>", "<id>", <type>, <version>, <data>, <metadata>, "<recordedAt>"]
      const room = 32 + 3 * (name.quoted.length + type.quoted.length + 120) + dataLength + metadataLength;
      if (scratch.length < room) scratch = Buffer.allocUnsafe(Math.max(room, 2 * scratch.length));
      let c = 32;
      c += scratch.write(`["${position}", ${name.quoted}, "${row.revision}", "${e.id}", ${type.quoted}, ${e.schemaVersion}, `, c, 'utf8');
      c += out.copy(scratch, c, dataAt, dataAt + dataLength);
      scratch[c++] = 0x2c; // ", "
      scratch[c++] = 0x20;
      c += out.copy(scratch, c, metadataAt, metadataAt + metadataLength);
      c += scratch.write(`, "${this.recordedAt}"]`, c, 'latin1');
      const canonical = scratch.subarray(0, c);
      this.head.copy(scratch, 0);
      this.head = hash('sha256', canonical, 'buffer');
      this.streamLinks.get(row.streamName)!.copy(scratch, 0);
      const streamLink = hash('sha256', canonical, 'buffer');
      this.streamLinks.set(row.streamName, streamLink);
      o = out.writeInt32BE(32, o);
      o += this.head.copy(out, o);
      o = out.writeInt32BE(32, o);
      o += streamLink.copy(out, o);
    }
    return out.subarray(0, o);
  }
}
