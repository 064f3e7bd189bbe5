import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { EVENT_STORE_MIGRATIONS } from '../../libs/event-store/src/postgres/schema';
import { verifyLog, writeCheckpoint, type AuditSql, type LogVerificationReport, type VerifyLogOptions } from '../../libs/audit/src/verify-log/verify-log';
import { createTestDatabase } from '../support/database';

/**
 * The tamper-evident log: events appended through the store, then rows altered directly in PostgreSQL in each way an
 * insider could; `verifyLog` must name the kind and the exact position every time, and a clean log has no problem.
 */
const KEY = 'test-audit-key-0123456789abcdef';
const meta = { correlationId: 'c', causationId: 'c', actor: 'test:tamper', occurredAt: '2026-11-25T09:00:00Z' };

async function seeded(label: string): Promise<{ pool: Pool; sql: AuditSql; store: PostgresEventStore; close: () => Promise<void> }> {
  const url = await createTestDatabase(label);
  const store = await PostgresEventStore.connect({ url });
  // 30 events over 5 streams, concurrently (group commit), then a few more one by one.
  await Promise.all(
    Array.from({ length: 5 }, async (_, s) => {
      for (let i = 0; i < 5; i++) await store.appendToStream(`claim-${s}`, [{ type: 'Noted', data: { s, i, amount: { amountMinor: 100 * i, currency: 'EUR' } }, metadata: meta }]);
    }),
  );
  for (let i = 0; i < 5; i++) await store.appendToStream('claim-solo', [{ type: 'Noted', data: { i, text: 'é\n"x"' }, metadata: meta }]);
  const pool = new Pool({ connectionString: url, max: 2 });
  const sql: AuditSql = async <R extends object>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[];
  return { pool, sql, store, close: async () => (await store.close(), await pool.end()) };
}

const kinds = (report: LogVerificationReport) => report.problems.map((p) => ({ position: p.position, kind: p.kind, stream: p.stream }));

const HEADS: [string, VerifyLogOptions][] = [
  ['every stream head in memory', {}],
  // The walk's bounded cache of stream heads, at its smallest: every other head is read back from the store.
  ['one stream head in memory, the others read back from the store', { streamCacheSize: 1 }],
];

describe.each(HEADS)('tamper-evident log (%s)', (_, heads) => {
  it('a clean log verifies with 0 problems, checkpoints and signatures included', async () => {
    const { sql, close } = await seeded('audit_clean');
    try {
      await writeCheckpoint(sql, KEY, new Date('2026-11-25T10:00:00.123Z'));
      const report = await verifyLog(sql, { ...heads, key: KEY, pageSize: 7 });
      expect(report).toMatchObject({ eventsVerified: 30, headPosition: 30, checkpointsVerified: 1, signaturesChecked: true, problems: [] });
    } finally {
      await close();
    }
  });

  it('catches an event whose data was changed, at its position', async () => {
    const { sql, close } = await seeded('audit_changed');
    try {
      await sql(`UPDATE o2c_es.events SET data = jsonb_set(data, '{amount,amountMinor}', '1') WHERE position = 12`);
      const [row] = await sql<{ stream_name: string }>('SELECT stream_name FROM o2c_es.events WHERE position = 12');
      expect(kinds(await verifyLog(sql, { ...heads, pageSize: 5 }))).toEqual([{ position: 12, kind: 'changed', stream: row.stream_name }]);
    } finally {
      await close();
    }
  });

  it('catches a changed head event', async () => {
    const { sql, close } = await seeded('audit_changed_head');
    try {
      await sql(`UPDATE o2c_es.events SET metadata = jsonb_set(metadata, '{actor}', '"someone-else"') WHERE position = 30`);
      expect(kinds(await verifyLog(sql, heads))).toEqual([{ position: 30, kind: 'changed', stream: 'claim-solo' }]);
    } finally {
      await close();
    }
  });

  it('catches a removed event, in the middle and at the head, naming its stream', async () => {
    const { sql, close } = await seeded('audit_removed');
    try {
      const [row] = await sql<{ stream_name: string }>('SELECT stream_name FROM o2c_es.events WHERE position = 9');
      await sql('DELETE FROM o2c_es.events WHERE position IN (9, 30)');
      expect(kinds(await verifyLog(sql, { ...heads, pageSize: 4 }))).toEqual([
        { position: 9, kind: 'removed', stream: row.stream_name },
        { position: 30, kind: 'removed', stream: 'claim-solo' },
      ]);
    } finally {
      await close();
    }
  });

  it('catches a forged row inserted with a made-up hash', async () => {
    const { sql, close } = await seeded('audit_inserted');
    try {
      const madeUp = createHash('sha256').update('forged').digest();
      await sql(
        `INSERT INTO o2c_es.events (position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at, hash, stream_hash)
         VALUES (31, 'claim-solo', 5, gen_random_uuid(), 'Noted', 1, '{"i":5}', $1, now(), $2, $2)`,
        [JSON.stringify(meta), madeUp],
      );
      expect(kinds(await verifyLog(sql, heads))).toEqual([{ position: 31, kind: 'inserted', stream: 'claim-solo' }]);
      // Even with the counter moved along (the forger "appended" it), the row is not part of the chain.
      await sql('UPDATE o2c_es.positions SET last = 31 WHERE id = 1');
      expect(kinds(await verifyLog(sql, heads))).toEqual([{ position: 31, kind: 'inserted', stream: 'claim-solo' }]);
    } finally {
      await close();
    }
  });

  it('leaves events appended while it walks to the next walk: a live store has no problem', async () => {
    const { sql, store, close } = await seeded('audit_live');
    try {
      let appended = false;
      // Appends right after the walk read its first page (the counter was read before it).
      const live: AuditSql = async <R extends object>(text: string, params?: unknown[]) => {
        const rows = await sql<R>(text, params);
        if (!appended && text.includes('event_canonical')) {
          appended = true;
          await store.appendToStream('claim-solo', [{ type: 'Noted', data: { i: 5 }, metadata: meta }]);
        }
        return rows;
      };
      expect(await verifyLog(live, { ...heads, pageSize: 7 })).toMatchObject({ eventsVerified: 30, headPosition: 30, problems: [] });
      expect(appended).toBe(true);
      expect(await verifyLog(sql, heads)).toMatchObject({ eventsVerified: 31, headPosition: 31, problems: [] });
    } finally {
      await close();
    }
  });

  it('catches a suffix re-chained without the key: the signed checkpoint no longer matches', async () => {
    const { sql, store, close } = await seeded('audit_rechain');
    try {
      await writeCheckpoint(sql, KEY, new Date('2026-11-25T10:00:00Z')); // signs position 30
      await store.appendToStream('claim-solo', [{ type: 'Noted', data: { i: 5 }, metadata: meta }]); // 31, after the checkpoint
      // An insider changes event 20 and recomputes every hash from there on ($all and the streams), as the database would.
      await sql(`UPDATE o2c_es.events SET data = '{"rewritten":true}' WHERE position = 20`);
      await sql(`
        DO $$
        DECLARE ev record; prev bytea; sprev bytea; c bytea;
        BEGIN
          SELECT hash INTO prev FROM o2c_es.events WHERE position = 19;
          FOR ev IN SELECT * FROM o2c_es.events WHERE position >= 20 ORDER BY position LOOP
            c := o2c_es.event_canonical(ev.position, ev.stream_name, ev.revision, ev.event_id, ev.event_type, ev.schema_version, ev.data, ev.metadata, ev.recorded_at);
            SELECT coalesce((SELECT stream_hash FROM o2c_es.events WHERE stream_name = ev.stream_name AND revision = ev.revision - 1), decode(repeat('00', 32), 'hex')) INTO sprev;
            prev := sha256(prev || c);
            UPDATE o2c_es.events SET hash = prev, stream_hash = sha256(sprev || c) WHERE position = ev.position;
          END LOOP;
          UPDATE o2c_es.positions SET last_hash = prev WHERE id = 1;
        END $$`);
      expect(kinds(await verifyLog(sql, { ...heads, key: KEY }))).toEqual([{ position: 30, kind: 'changed', stream: 'claim-solo' }]);
      // Forging a new checkpoint without the key: its signature is bad.
      await sql(`UPDATE o2c_es.audit_checkpoints SET hash = (SELECT hash FROM o2c_es.events WHERE position = 30) WHERE position = 30`);
      expect(kinds(await verifyLog(sql, { ...heads, key: KEY }))).toEqual([{ position: 30, kind: 'bad_signature', stream: null }]);
    } finally {
      await close();
    }
  });

  it('keeps events stored before the hash chain verifiable (migration back-fill), and appends continue the chain', async () => {
    const url = await createTestDatabase('audit_backfill');
    const pool = new Pool({ connectionString: url, max: 2 });
    const sql: AuditSql = async <R extends object>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[];
    try {
      await sql('CREATE SCHEMA o2c_es');
      await sql('CREATE TABLE o2c_es.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      await sql(EVENT_STORE_MIGRATIONS[0].sql);
      await sql(`INSERT INTO o2c_es.schema_migrations (id) VALUES ('001_event_store')`);
      await sql(`INSERT INTO o2c_es.streams (stream_name, revision) VALUES ('claim-a', 1), ('claim-b', 0)`);
      await sql(`INSERT INTO o2c_es.events (position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at) VALUES
        (1, 'claim-a', 0, gen_random_uuid(), 'Noted', 1, '{"n":1}', '{}', clock_timestamp()),
        (2, 'claim-b', 0, gen_random_uuid(), 'Noted', 1, '{"n":2}', '{}', clock_timestamp()),
        (3, 'claim-a', 1, gen_random_uuid(), 'Noted', 1, '{"n":3}', '{}', clock_timestamp())`);
      await sql('UPDATE o2c_es.positions SET last = 3');
      const store = await PostgresEventStore.connect({ url });
      await store.appendToStream('claim-a', [{ type: 'Noted', data: { n: 4 }, metadata: meta }], { expectedRevision: 1n });
      await store.close();
      expect(await verifyLog(sql, heads)).toMatchObject({ eventsVerified: 4, problems: [] });
      await sql(`UPDATE o2c_es.events SET data = '{"n":20}' WHERE position = 2`);
      expect(kinds(await verifyLog(sql, heads))).toEqual([{ position: 2, kind: 'changed', stream: 'claim-b' }]);
    } finally {
      await pool.end();
    }
  });

  it('chains concurrent group commits from several processes without a break', async () => {
    const url = await createTestDatabase('audit_concurrent');
    const stores = await Promise.all(Array.from({ length: 3 }, () => PostgresEventStore.connect({ url, poolSize: 3 })));
    const pool = new Pool({ connectionString: url, max: 2 });
    const sql: AuditSql = async <R extends object>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[];
    try {
      await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: 4 }, async (_, w) => {
            for (let i = 0; i < 15; i++) await store.appendToStream(`claim-${(s + w + i) % 7}`, [{ type: 'Noted', data: { s, w, i }, metadata: meta }, { type: 'Noted', data: { s, w, i, second: true }, metadata: meta }]);
          }),
        ),
      );
      expect(await verifyLog(sql, { ...heads, pageSize: 50 })).toMatchObject({ eventsVerified: 360, problems: [] });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await pool.end();
    }
  });
});
