/**
 * One-dimensional PostgreSQL arrays in the binary wire format (what array_send writes and array_recv reads), for the
 * append's parameters: node-postgres sends a Buffer parameter as binary, so the server reads lengths and bytes instead
 * of parsing an escaped array literal (`{"{\"a\": 1}", ...}`), and node writes bytes instead of escaping every quote.
 * Layout: ndim (1), has-nulls flag (0), element type oid, then the dimension's length and lower bound (1), then each
 * element as its byte length and its bytes. No element is ever NULL here.
 */

const OID = { int4: 23, int8: 20, text: 25, uuid: 2950 } as const;
const HEADER = 20;

function header(oid: number, count: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(0, 4);
  buffer.writeInt32BE(oid, 8);
  buffer.writeInt32BE(count, 12);
  buffer.writeInt32BE(1, 16);
  return buffer;
}

/** text[] of the strings (UTF-8). */
export function textArray(values: readonly string[]): Buffer {
  let size = HEADER;
  const lengths = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    lengths[i] = Buffer.byteLength(values[i], 'utf8');
    size += 4 + lengths[i];
  }
  const buffer = header(OID.text, values.length, size);
  let offset = HEADER;
  for (let i = 0; i < values.length; i++) {
    buffer.writeInt32BE(lengths[i], offset);
    offset += 4;
    offset += buffer.write(values[i], offset, lengths[i], 'utf8');
  }
  return buffer;
}

/** text[] of one string repeated `count` times (one stream's name for every event of its append). */
export function repeatedTextArray(value: string, count: number): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const buffer = header(OID.text, count, HEADER + count * (4 + bytes.length));
  let offset = HEADER;
  for (let i = 0; i < count; i++) {
    buffer.writeInt32BE(bytes.length, offset);
    bytes.copy(buffer, offset + 4);
    offset += 4 + bytes.length;
  }
  return buffer;
}

/** bigint[] (int8). */
export function int8Array(values: readonly bigint[]): Buffer {
  const buffer = header(OID.int8, values.length, HEADER + values.length * 12);
  let offset = HEADER;
  for (const value of values) {
    buffer.writeInt32BE(8, offset);
    buffer.writeBigInt64BE(value, offset + 4);
    offset += 12;
  }
  return buffer;
}

/** integer[] (int4). */
export function int4Array(values: readonly number[]): Buffer {
  const buffer = header(OID.int4, values.length, HEADER + values.length * 8);
  let offset = HEADER;
  for (const value of values) {
    buffer.writeInt32BE(4, offset);
    buffer.writeInt32BE(value, offset + 4);
    offset += 8;
  }
  return buffer;
}

/** uuid[] of canonical UUID texts (checked by prepareAppend: 8-4-4-4-12 hex digits). */
export function uuidArray(values: readonly string[]): Buffer {
  const buffer = header(OID.uuid, values.length, HEADER + values.length * 20);
  let offset = HEADER;
  for (const value of values) {
    buffer.writeInt32BE(16, offset);
    offset += 4;
    offset += buffer.write(value.slice(0, 8), offset, 4, 'hex');
    offset += buffer.write(value.slice(9, 13), offset, 2, 'hex');
    offset += buffer.write(value.slice(14, 18), offset, 2, 'hex');
    offset += buffer.write(value.slice(19, 23), offset, 2, 'hex');
    offset += buffer.write(value.slice(24, 36), offset, 6, 'hex');
  }
  return buffer;
}
