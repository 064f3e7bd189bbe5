import type { PoolClient } from 'pg';

/**
 * 002_hash_chain: every event carries two SHA-256 links, over `$all` (`hash`) and within its stream (`stream_hash`):
 *   hash        = sha256(hash of the previous position        || utf8(o2c_es.event_canonical(row)))
 *   stream_hash = sha256(stream_hash of the previous revision  || utf8(o2c_es.event_canonical(row)))
 * with 32 zero bytes before the first event. The canonical form is a JSON array (unambiguous, jsonb's text is normalised):
 *   [position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at]
 * (position and revision as decimal strings, recorded_at as UTC `YYYY-MM-DDTHH:MI:SS.ffffffZ`).
 * The head of each chain is kept on the rows the append already locks (o2c_es.positions.last_hash, o2c_es.streams.last_hash),
 * so o2c_es.append_events computes the links under the counter's lock, in the same last statement that takes positions.
 * Existing events are back-filled in position order. Signed checkpoints (o2c_es.audit_checkpoints) are written by libs/audit.
 *
 * The append's last statement: takes n positions (row lock on the counter until COMMIT), links each event to the previous
 * one over $all and within its stream, writes events and stream revisions, notifies. Returns the last position. Linear in
 * the batch: each event's previous link in its stream is the previous event of that stream in the batch (lag), else the
 * stream's head, read from the stream rows this transaction's first statement locked (they cannot move under us).
 */
const APPEND_EVENTS_SQL = `
  CREATE OR REPLACE FUNCTION o2c_es.append_events(n integer, touched text[], touched_revisions bigint[],
      s text[], r bigint[], i uuid[], t text[], v integer[], d text[], m text[])
    RETURNS bigint LANGUAGE plpgsql AS $f$
    DECLARE
      zero constant bytea := decode(repeat('00', 32), 'hex');
      last_position bigint; prev bytea; k integer; at timestamptz; c bytea;
      earlier integer[]; heads bytea[];
      hashes bytea[] := '{}'; stream_hashes bytea[] := '{}'; times timestamptz[] := '{}';
    BEGIN
      UPDATE o2c_es.positions SET last = last + n WHERE id = 1 RETURNING last, last_hash INTO last_position, prev;
      prev := coalesce(prev, zero);
      SELECT array_agg(coalesce(x.earlier, 0)::integer ORDER BY x.k), array_agg(x.head ORDER BY x.k) INTO earlier, heads
        FROM (SELECT u.k, lag(u.k) OVER (PARTITION BY u.name ORDER BY u.k) AS earlier, st.last_hash AS head
                FROM unnest(s) WITH ORDINALITY AS u(name, k) LEFT JOIN o2c_es.streams st ON st.stream_name = u.name) x;
      FOR k IN 1 .. n LOOP
        at := clock_timestamp();
        c := o2c_es.event_canonical(last_position - n + k, s[k], r[k], i[k], t[k], v[k], d[k]::jsonb, m[k]::jsonb, at);
        prev := sha256(prev || c);
        hashes[k] := prev;
        stream_hashes[k] := sha256(CASE WHEN earlier[k] > 0 THEN stream_hashes[earlier[k]] ELSE coalesce(heads[k], zero) END || c);
        times[k] := at;
      END LOOP;
      UPDATE o2c_es.positions SET last_hash = prev WHERE id = 1;
      UPDATE o2c_es.streams st SET revision = u.revision, updated_at = clock_timestamp(), last_hash = l.h
        FROM unnest(touched, touched_revisions) AS u(stream_name, revision),
             (SELECT DISTINCT ON (w.name) w.name, w.h FROM unnest(s, stream_hashes) WITH ORDINALITY AS w(name, h, k) ORDER BY w.name, w.k DESC) l
        WHERE st.stream_name = u.stream_name AND l.name = u.stream_name;
      INSERT INTO o2c_es.events (position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at, hash, stream_hash)
        SELECT last_position - n + u.k, u.s, u.r, u.i, u.t, u.v, u.d::jsonb, u.m::jsonb, u.at, u.h, u.sh
          FROM unnest(s, r, i, t, v, d, m, times, hashes, stream_hashes) WITH ORDINALITY AS u(s, r, i, t, v, d, m, at, h, sh, k);
      PERFORM pg_notify('o2c_es_events', last_position::text);
      RETURN last_position;
    END
  $f$;
`;

/**
 * 004_append_links_from_node: the append computes both links in node (canonical.ts builds the same bytes as
 * o2c_es.event_canonical, byte for byte), which costs a fraction of building jsonb text and hashing in PL/pgSQL.
 * The append takes n positions with `UPDATE o2c_es.positions ... RETURNING last, last_hash` (the counter's row lock, held
 * until COMMIT, so positions still become visible in order and contiguously), links the events in node, then writes them
 * with this function: events, stream heads and revisions, the $all head, the notification. The links come as one bytea
 * per chain (32 bytes per event, in row order). recorded_at is one database
 * timestamp per commit (returned by the counter's UPDATE). o2c_es.append_events stays for older processes during a deploy.
 */
const WRITE_EVENTS_SQL = `
  CREATE OR REPLACE FUNCTION o2c_es.write_events(first_position bigint, at timestamptz,
      touched text[], touched_revisions bigint[], touched_hashes bytea[],
      s text[], r bigint[], i uuid[], t text[], v integer[], d text[], m text[], h bytea, sh bytea)
    RETURNS void LANGUAGE plpgsql AS $f$
    DECLARE n constant integer := length(h) / 32;
    BEGIN
      UPDATE o2c_es.positions SET last_hash = substring(h FROM 32 * n - 31 FOR 32) WHERE id = 1;
      UPDATE o2c_es.streams st SET revision = u.revision, updated_at = at, last_hash = u.head
        FROM unnest(touched, touched_revisions, touched_hashes) AS u(stream_name, revision, head)
        WHERE st.stream_name = u.stream_name;
      INSERT INTO o2c_es.events (position, stream_name, revision, event_id, event_type, schema_version, data, metadata, recorded_at, hash, stream_hash)
        SELECT first_position - 1 + u.k, u.s, u.r, u.i, u.t, u.v, u.d::jsonb, u.m::jsonb, at,
               substring(h FROM 32 * u.k::integer - 31 FOR 32), substring(sh FROM 32 * u.k::integer - 31 FOR 32)
          FROM unnest(s, r, i, t, v, d, m) WITH ORDINALITY AS u(s, r, i, t, v, d, m, k);
      PERFORM pg_notify('o2c_es_events', (first_position - 1 + n)::text);
    END
  $f$;
`;

const HASH_CHAIN_SQL = `
  ALTER TABLE o2c_es.positions ADD COLUMN last_hash bytea;
  ALTER TABLE o2c_es.streams ADD COLUMN last_hash bytea;
  ALTER TABLE o2c_es.events ADD COLUMN hash bytea, ADD COLUMN stream_hash bytea;

  CREATE FUNCTION o2c_es.event_canonical(p bigint, s text, r bigint, i uuid, t text, v integer, d jsonb, m jsonb, at timestamptz)
    RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
      SELECT convert_to(jsonb_build_array(p::text, s, r::text, i::text, t, v, d, m,
        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text, 'UTF8')
    $f$;

  -- Back-fill: existing events in position order, each chain from 32 zero bytes; a stream's previous link by its unique index.
  DO $b$
  DECLARE
    ev record; prev bytea := decode(repeat('00', 32), 'hex'); c bytea; sprev bytea;
  BEGIN
    FOR ev IN SELECT * FROM o2c_es.events ORDER BY position LOOP
      c := o2c_es.event_canonical(ev.position, ev.stream_name, ev.revision, ev.event_id, ev.event_type, ev.schema_version, ev.data, ev.metadata, ev.recorded_at);
      prev := sha256(prev || c);
      SELECT stream_hash INTO sprev FROM o2c_es.events WHERE stream_name = ev.stream_name AND revision = ev.revision - 1;
      UPDATE o2c_es.events SET hash = prev, stream_hash = sha256(coalesce(sprev, decode(repeat('00', 32), 'hex')) || c) WHERE position = ev.position;
    END LOOP;
    UPDATE o2c_es.positions SET last_hash = prev WHERE id = 1;
    UPDATE o2c_es.streams st SET last_hash = e.stream_hash FROM o2c_es.events e WHERE e.stream_name = st.stream_name AND e.revision = st.revision;
  END
  $b$;
  ALTER TABLE o2c_es.events ALTER COLUMN hash SET NOT NULL, ALTER COLUMN stream_hash SET NOT NULL;

  -- The append's last statement (APPEND_EVENTS_SQL).
${APPEND_EVENTS_SQL}

  -- Signed checkpoints: (position, hash of that position) signed with the auditors' key (libs/audit/src/verify-log).
  CREATE TABLE o2c_es.audit_checkpoints (
    position  bigint PRIMARY KEY,
    hash      bytea NOT NULL,
    signed_at timestamptz NOT NULL,
    key_id    text NOT NULL,
    signature text NOT NULL
  );
`;

/** Migrations of the PostgreSQL event store, applied in order, each once, under an advisory lock. */
export const EVENT_STORE_MIGRATIONS: readonly { id: string; sql: string }[] = [
  {
    id: '001_event_store',
    sql: `
      CREATE TABLE o2c_es.streams (
        stream_name text COLLATE "C" PRIMARY KEY,
        revision    bigint NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      );

      -- One row: the last $all position handed out. Taking it is the last step before COMMIT (see postgres-event-store.ts).
      CREATE TABLE o2c_es.positions (id smallint PRIMARY KEY CHECK (id = 1), last bigint NOT NULL);
      INSERT INTO o2c_es.positions (id, last) VALUES (1, 0);

      CREATE TABLE o2c_es.events (
        position       bigint PRIMARY KEY,
        stream_name    text COLLATE "C" NOT NULL,
        revision       bigint NOT NULL,
        event_id       uuid NOT NULL,
        event_type     text COLLATE "C" NOT NULL,
        schema_version integer NOT NULL,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        recorded_at    timestamptz NOT NULL,
        UNIQUE (stream_name, revision)
      );
    `,
  },
  {
    // Tamper evidence (HASH_CHAIN_SQL above; verified by libs/audit/src/verify-log).
    id: '002_hash_chain',
    sql: HASH_CHAIN_SQL,
  },
  {
    // append_events linear in the batch (002's first version kept a jsonb map of stream heads: quadratic on large batches).
    id: '003_append_events_linear',
    sql: APPEND_EVENTS_SQL,
  },
  {
    // Links computed in node (canonical.ts); the write in one statement (WRITE_EVENTS_SQL above).
    id: '004_append_links_from_node',
    sql: WRITE_EVENTS_SQL,
  },
  {
    // Auditors and analysts (libs/audit): an event by id, its causes and effects (causationId), its correlation, and
    // instants to positions (views as of an instant, exports by recordedAt). Built inside the migration's transaction.
    id: '005_audit_indexes',
    sql: `
      CREATE INDEX IF NOT EXISTS events_event_id ON o2c_es.events (event_id);
      CREATE INDEX IF NOT EXISTS events_causation_id ON o2c_es.events ((metadata->>'causationId'));
      CREATE INDEX IF NOT EXISTS events_correlation_id ON o2c_es.events ((metadata->>'correlationId'));
      CREATE INDEX IF NOT EXISTS events_recorded_at ON o2c_es.events (recorded_at);
    `,
  },
  {
    // 005's indexes cost every append; the lookups moved to the audit event index projection (libs/audit/src/event-index)
    // and to binary searches on the primary key (recorded_at grows with the position).
    id: '006_drop_audit_indexes',
    sql: `
      DROP INDEX IF EXISTS o2c_es.events_event_id;
      DROP INDEX IF EXISTS o2c_es.events_causation_id;
      DROP INDEX IF EXISTS o2c_es.events_correlation_id;
      DROP INDEX IF EXISTS o2c_es.events_recorded_at;
    `,
  },
];

/** An arbitrary constant that names "the o2c event store's migrations" among advisory locks. */
const MIGRATION_LOCK = 7_220_001;

/** Several processes may start at once (typeorm #4588): one transaction holds the lock, the others wait, then see it applied. */
export async function migrate(client: PoolClient): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS o2c_es');
    await client.query('CREATE TABLE IF NOT EXISTS o2c_es.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM o2c_es.schema_migrations');
    const applied = new Set(rows.map((r) => r.id));
    const ran: string[] = [];
    for (const migration of EVENT_STORE_MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO o2c_es.schema_migrations (id) VALUES ($1)', [migration.id]);
      ran.push(migration.id);
    }
    await client.query('COMMIT');
    return ran;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
