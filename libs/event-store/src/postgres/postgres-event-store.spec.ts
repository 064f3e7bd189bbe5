import { Client, types } from 'pg';
import { createTestDatabase } from '../../../../test/support/database';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { parseUtcTimestamptz, PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const store = await PostgresEventStore.connect({ url: await createTestDatabase('contract') });
  return { store, close: () => store.close() };
});

describe('PostgreSQL event store specifics', () => {
  it('runs its migrations once when several processes start at the same moment', async () => {
    const url = await createTestDatabase('migrate');
    const stores = await Promise.all(Array.from({ length: 6 }, () => PostgresEventStore.connect({ url, poolSize: 2 })));
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT id FROM o2c_es.schema_migrations');
      expect(rows.map((r) => r.id)).toEqual(['001_event_store', '002_hash_chain', '003_append_events_linear', '004_append_links_from_node', '005_audit_indexes', '006_drop_audit_indexes']);
    } finally {
      await client.end();
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('group-commits concurrent appends and fails only the append whose expectation is wrong', async () => {
    const store = await PostgresEventStore.connect({ url: await createTestDatabase('group') });
    const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-11-25T09:00:00Z' };
    try {
      await store.appendToStream('claim-1', [{ type: 'Opened', data: {}, metadata: meta }]);
      const outcomes = await Promise.allSettled([
        ...Array.from({ length: 50 }, (_, i) => store.appendToStream(`claim-g${i}`, [{ type: 'Opened', data: { i }, metadata: meta }], { expectedRevision: 'no_stream' })),
        store.appendToStream('claim-1', [{ type: 'Wrong', data: {}, metadata: meta }], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(50);
      expect(outcomes[50].status).toBe('rejected');
      const positions = outcomes.slice(0, 50).map((o) => (o as PromiseFulfilledResult<{ position: bigint }>).value.position);
      expect(new Set(positions).size).toBe(50);
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
    } finally {
      await store.close();
    }
  });
});

describe('values written as SQL literals', () => {
  it('round-trip names, types and data with quotes, apostrophes, backslashes, braces and unicode, and verify', async () => {
    const url = await createTestDatabase('literals');
    const store = await PostgresEventStore.connect({ url });
    const meta = { correlationId: "c'1", causationId: 'c\\2', actor: 'test "x"', occurredAt: '2026-11-25T09:00:00Z' };
    const tricky = `a'b"c\\d{e},f\\'g\n\u0001é😀 NULL`;
    try {
      const streamName = `claim-${tricky}`;
      await store.appendToStream(streamName, [{ type: `T${tricky}`, data: { text: tricky, list: [tricky, '{}', 'NULL'], n: 1e21 }, metadata: meta }]);
      const [read] = await store.readStream(streamName);
      expect(read).toMatchObject({ streamName, type: `T${tricky}`, data: { text: tricky, list: [tricky, '{}', 'NULL'], n: 1e21 }, metadata: meta });
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count(*)::int AS bad FROM o2c_es.events
             WHERE stream_hash <> sha256(decode(repeat('00', 32), 'hex') || o2c_es.event_canonical(position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at))`,
        );
        expect(rows[0].bad).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
    }
  });
});

describe('large appends (binary COPY)', () => {
  it('a refused COPY (a NUL jsonb rejects) writes nothing of its group commit, burns no position, and the store goes on', async () => {
    const store = await PostgresEventStore.connect({ url: await createTestDatabase('copy_refused') });
    const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-12-01T09:00:00Z' };
    try {
      await store.appendToStream('claim-before', [{ type: 'Opened', data: {}, metadata: meta }]);
      const events = Array.from({ length: 600 }, (_, i) => ({ type: 'Noted', data: { i, text: i === 450 ? 'a\u0000b' : 'ok' }, metadata: meta }));
      await expect(store.appendToStream('claim-big', events)).rejects.toThrow(/unicode|\\u0000|escape/i);
      const after = await store.appendToStream('claim-big', events.slice(0, 400).map((e) => ({ ...e, data: { i: e.data.i } })), { expectedRevision: 'no_stream' });
      expect(after).toEqual({ nextExpectedRevision: 399n, position: 401n });
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      expect(all).toHaveLength(401);
    } finally {
      await store.close();
    }
  });
});

describe('timestamptz parsing on reads', () => {
  it('reads of whole streams asked for in one turn share one statement and give each caller what a read of its own gives', async () => {
    const store = await PostgresEventStore.connect({ url: await createTestDatabase('stream_reads') });
    const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-11-25T09:00:00Z' };
    try {
      await store.appendToStream('claim-r1', [1, 2, 3].map((n) => ({ type: 'Noted', data: { n }, metadata: meta })));
      await store.appendToStream('claim-r2', [{ type: 'Noted', data: { n: 9 }, metadata: meta }]);
      const alone = [await store.readStream('claim-r1'), await store.readStream('claim-r1', { fromRevision: 1n }), await store.readStream('claim-r2'), await store.readStream('claim-none')];
      const pool = (store as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const query = jest.spyOn(pool, 'query');
      const together = await Promise.all([
        store.readStream('claim-r1'),
        store.readStream('claim-r1', { fromRevision: 1n }),
        store.readStream('claim-r2', { fromRevision: 'start' }),
        store.readStream('claim-none'),
        store.readStream('claim-r1'),
      ]);
      expect(query).toHaveBeenCalledTimes(1);
      query.mockRestore();
      expect(together).toEqual([...alone, alone[0]]);
      expect(together[4]).not.toBe(together[0]);
      expect(together[4][0].data).not.toBe(together[0][0].data);
      // Backwards, bounded or from the end: a statement of its own, as before.
      expect((await store.readStream('claim-r1', { direction: 'backwards', maxCount: 1 })).map((e) => e.revision)).toEqual([2n]);
      expect((await store.readStream('claim-r1', { fromRevision: 'end' })).map((e) => e.revision)).toEqual([2n]);
    } finally {
      await store.close();
    }
  });

  it('reads every UTC form the server prints as pg does, and hands other forms to pg', () => {
    const pgParse = types.getTypeParser(1184, 'text') as (text: string) => Date;
    const samples = [
      '2026-11-30 23:00:00+00',
      '2026-11-30 23:00:00.1+00',
      '2026-11-30 23:00:00.12+00',
      '2026-11-30 23:00:00.123+00',
      '2026-11-30 23:00:00.123456+00',
      '2026-11-30 23:59:59.999999+00',
      '2024-02-29 00:00:00.5+00',
      '1970-01-01 00:00:00+00',
      '0099-01-01 00:00:00+00',
      '2026-11-30 23:00:00.123456+01',
      '2026-11-30 23:00:00.123456-05:30',
      '2026-11-30 23:00:00.123456+00 BC',
      'infinity',
    ];
    for (const text of samples) expect([text, parseUtcTimestamptz(text)]).toEqual([text, pgParse(text)]);
  });
});
