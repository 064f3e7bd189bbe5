import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/support/database';
import { randomUUID } from 'node:crypto';
import { canonicalBytes, jsonbOf, jsonTextAsJsonb, numericText, type CanonicalEvent } from './canonical';
import { PostgresEventStore } from './postgres-event-store';

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters jsonb accepts (no NUL, no lone surrogate), with every escape class: controls, quotes, backslash, DEL,
// Latin-1, 2/3/4-byte UTF-8, U+2028.
const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\r', '\b', '\f', '\u0001', '\u001f', '\u007f', 'é', 'ß', '€', '\u2028', '日', '😀', 'ä'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1.5, -2.25, 1e21, 1.5e21, -1e22, 1e-7, 1.5e-7, -3.25e-10, 5e-324, 1.7976931348623157e308, 123456789012, 2 ** 53, 0.000001, 1e-6, 123.456e-5, 9.999999999999999e22];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const text = (): string => Array.from({ length: Math.floor(next() * 6) }, () => pick(ALPHABET)).join('');
  const kind = depth > 3 ? Math.floor(next() * 4) : Math.floor(next() * 6);
  switch (kind) {
    case 0:
      return text();
    case 1:
      return next() < 0.5 ? pick(NUMBERS) : Math.round((next() - 0.5) * 1e6) / 100;
    case 2:
      return pick([true, false, null]);
    case 3:
      return Math.floor(next() * 1e9);
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 6); i > 0; i--) object[next() < 0.3 ? pick(['a', 'b', 'aa', 'ab', 'B', 'é', 'z', 'ß']) : text()] = value(next, depth + 1);
      return object;
    }
  }
}

describe('canonical bytes built in node', () => {
  it('expands exponents as numeric prints them', () => {
    expect(numericText('1e+21')).toBe('1000000000000000000000');
    expect(numericText('1.5e-7')).toBe('0.00000015');
    expect(numericText('-3.25e-10')).toBe('-0.000000000325');
    expect(numericText('12.5')).toBe('12.5');
  });

  it('equal o2c_es.event_canonical byte for byte on generated values (strings, numbers, key orders, escapes)', async () => {
    const url = await createTestDatabase('canonical');
    const store = await PostgresEventStore.connect({ url }); // runs the migrations
    await store.close();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const seed = 20261130;
      const next = prng(seed);
      const events: CanonicalEvent[] = Array.from({ length: 600 }, (_, k) => ({
        position: BigInt(k) * 7_919n + 1n,
        streamName: `claim-${String(value(next, 4))}-${k}`,
        revision: BigInt(k),
        eventId: '0F8FAD5B-D9CB-469F-A165-70867728950E',
        eventType: k % 2 ? 'Noted' : `Typé"${k}`,
        schemaVersion: 1 + (k % 3),
        data: JSON.stringify(k % 10 === 0 ? value(next, 3) : value(next, 5) ?? {}),
        metadata: JSON.stringify({ correlationId: `c-${k}`, causationId: 'c', actor: 'test:canonical', occurredAt: '2026-11-25T09:00:00.000Z', note: value(next, 4) }),
        recordedAt: `2026-11-30T23:${String(k % 60).padStart(2, '0')}:05.${String(k * 1667).padStart(6, '0').slice(-6)}Z`,
      }));
      const { rows } = await client.query<{ canonical: Buffer }>(
        `SELECT o2c_es.event_canonical(p, s, r, i, t, v, d::jsonb, m::jsonb, at::timestamptz) AS canonical
           FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
             WITH ORDINALITY AS u(p, s, r, i, t, v, d, m, at, k) ORDER BY k`,
        [
          events.map((e) => e.position.toString()),
          events.map((e) => e.streamName),
          events.map((e) => e.revision.toString()),
          events.map((e) => e.eventId),
          events.map((e) => e.eventType),
          events.map((e) => e.schemaVersion),
          events.map((e) => e.data),
          events.map((e) => e.metadata),
          events.map((e) => e.recordedAt),
        ],
      );
      const mismatches = events
        .map((e, k) => ({ k, node: canonicalBytes(e).toString('utf8'), sql: rows[k].canonical.toString('utf8') }))
        .filter((m) => m.node !== m.sql);
      expect({ seed, mismatches: mismatches.slice(0, 3) }).toEqual({ seed, mismatches: [] });
    } finally {
      await client.end();
    }
  });

  it('jsonbOf (one walk of the value) equals JSON.stringify read back as jsonb, on generated and awkward values', () => {
    class Money {
      constructor(readonly amountMinor: number, readonly currency: string) {}
    }
    const awkward: unknown[] = [
      { at: new Date('2026-11-30T10:00:00.123Z'), nested: { toJSON: () => ({ z: 1, a: [undefined, () => 1] }) } },
      { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: null, nan: NaN, inf: -Infinity, negativeZero: -0 },
      [undefined, () => 1, NaN, { b: 1, a: 2, aa: 3 }],
      new Money(1250, 'EUR'),
      { map: new Map([['a', 1]]), set: new Set([1]), boxed: Object(5) as unknown, text: Object('x') as unknown, flag: Object(true) as unknown },
      Object.assign(Object.create(null) as object, { b: 2, a: 1 }),
      { toJSON: 'not a function', é: 'é', e: 1 },
      { big: 1e21, small: 1e-7, frac: 0.1 + 0.2, exp: -3.25e-10 },
      '\u2028"quoted"\\',
      12.5,
      true,
      null,
      { deep: JSON.parse('['.repeat(300) + ']'.repeat(300)) as unknown },
    ];
    const next = prng(20261201);
    const generated = Array.from({ length: 2000 }, () => value(next, 0));
    const mismatches = [...awkward, ...generated]
      .map((v, k) => ({ k, fast: jsonbOf(v), slow: jsonTextAsJsonb(JSON.stringify(v)) }))
      .filter((m) => m.fast !== m.slow);
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(jsonbOf(undefined)).toBeUndefined();
    expect(jsonbOf(() => 1)).toBeUndefined();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => jsonbOf(circular)).toThrow(/circular/i);
    expect(() => jsonbOf({ n: 1n })).toThrow(/BigInt/i);
  });

  it('links large group commits (written in chunks, many streams, unicode) exactly as SQL recomputes both chains', async () => {
    const url = await createTestDatabase('canonical_chunks');
    const store = await PostgresEventStore.connect({ url });
    const next = prng(7);
    const metadata = { correlationId: 'c', causationId: 'c', actor: 'test:chunks', occurredAt: '2026-12-01T09:00:00.000Z' };
    try {
      // One append of 1,300 events (chunked), then 40 concurrent appends to 8 streams sharing one group commit.
      await store.appendToStream('claim-big-é😀', Array.from({ length: 1300 }, (_, i) => ({ id: randomUUID(), type: i % 2 ? 'Noted' : 'Typé', data: { i, v: value(next, 2) }, metadata })));
      await Promise.all(
        Array.from({ length: 40 }, (_, a) =>
          store.appendToStream(`claim-${a % 8}-${String(value(next, 4))}`, Array.from({ length: 30 }, (_, i) => ({ type: 'Noted', data: { a, i, v: value(next, 3) }, metadata: { ...metadata, note: value(next, 4) } }))),
        ),
      );
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ events: number; bad_all: number; bad_stream: number; head_ok: boolean; streams_ok: boolean }>(
          `WITH c AS (
             SELECT position, stream_name, revision, hash, stream_hash,
                    o2c_es.event_canonical(position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at) AS canonical,
                    coalesce(lag(hash) OVER (ORDER BY position), decode(repeat('00', 32), 'hex')) AS previous,
                    coalesce(lag(stream_hash) OVER (PARTITION BY stream_name ORDER BY revision), decode(repeat('00', 32), 'hex')) AS stream_previous
               FROM o2c_es.events)
           SELECT count(*)::int AS events,
                  count(*) FILTER (WHERE hash <> sha256(previous || canonical))::int AS bad_all,
                  count(*) FILTER (WHERE stream_hash <> sha256(stream_previous || canonical))::int AS bad_stream,
                  (SELECT p.last_hash = (SELECT hash FROM o2c_es.events ORDER BY position DESC LIMIT 1) FROM o2c_es.positions p WHERE id = 1) AS head_ok,
                  (SELECT bool_and(s.last_hash = e.stream_hash AND s.revision = e.revision) FROM o2c_es.streams s
                     JOIN o2c_es.events e ON e.stream_name = s.stream_name AND e.revision = s.revision) AS streams_ok
             FROM c`,
        );
        expect(rows[0]).toEqual({ events: 1300 + 40 * 30, bad_all: 0, bad_stream: 0, head_ok: true, streams_ok: true });
        const stored = await store.readStream('claim-big-é😀');
        expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
    }
  });
});
