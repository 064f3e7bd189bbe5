import type { DataSource } from 'typeorm';
import { READ_SCHEMA } from './projection';
import type { ProjectionRunner } from './projection-runner';
import { quoteIdentifier, withLiveReadModelTables } from './table-redirect';

/** Where `o2c replay` folds its fresh tables (kept after the run for inspection; each run recreates them). */
export const REPLAY_SCHEMA = 'o2c_read_replay';
const CHECKPOINTS = `${READ_SCHEMA}.checkpoints`;

export interface TableChecksum {
  /** Order-independent: the sum over rows of the md5 of each row's text (columns in the live table's order), as 32 hex digits (two 64-bit sums modulo 2^64). */
  readonly checksum: string;
  readonly rows: number;
}

export interface ViewReplay {
  readonly name: string;
  readonly table: string;
  /** The live view's checkpoint the replay was folded up to (the live table was read at that checkpoint). */
  readonly position: string;
  readonly events: number;
  readonly seconds: number;
  readonly live: TableChecksum | null;
  readonly replayed: TableChecksum;
  readonly equal: boolean;
  /** True when the fresh table replaced the live one (only with `swap`, only for a view that differed). */
  readonly swapped: boolean;
  /** The fresh table, for inspection (`o2c_read_replay."<table>"`); null once swapped in. */
  readonly freshTable: string | null;
}

export interface ReplayReport {
  /** Events folded, over every view (a view reads only the events its filter selects). */
  readonly events: number;
  readonly seconds: number;
  readonly perSec: number;
  readonly checksumsEqual: boolean;
  readonly views: ViewReplay[];
}

export interface ReplayOptions {
  /** Swap each fresh table that differs from the live one in its place (caught up to the head first). Default: compare only. */
  readonly swap?: boolean;
  /** Views folded at the same time (default 2). */
  readonly concurrency?: number;
  readonly onProgress?: (progress: { view: string; viewIndex: number; views: number; position: bigint; upTo: bigint }) => void;
}

type Sql = <R>(text: string, params?: unknown[]) => Promise<R[]>;

const MOD64 = 1n << 64n;
const hex64 = (sum: string): string => (((BigInt(sum) % MOD64) + MOD64) % MOD64).toString(16).padStart(16, '0');

/** The column names of a table, in order. */
async function columnsOf(sql: Sql, schema: string, table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [schema, table]);
  return rows.map((r) => r.column_name);
}

/** Order-independent checksum of a table's rows over `columns`, computed in PostgreSQL. */
export async function tableChecksum(sql: Sql, schema: string, table: string, columns: readonly string[]): Promise<TableChecksum> {
  const row = `ROW(${columns.map(quoteIdentifier).join(', ')})::text`;
  const [r] = await sql<{ rows: string; high: string; low: string }>(
    `SELECT count(*)::text AS rows,
            COALESCE(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text AS high,
            COALESCE(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text AS low
       FROM (SELECT md5(${row}) AS h FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}) t`,
  );
  return { checksum: `${hex64(r.high)}${hex64(r.low)}`, rows: Number(r.rows) };
}

/**
 * The live view at a consistent point: its checkpoint and its rows' checksum read in one REPEATABLE READ snapshot (a
 * projection commits rows and checkpoint together, so they match).
 */
async function liveSnapshot(dataSource: DataSource, runner: ProjectionRunner<object>, table: string): Promise<{ position: bigint | 'start'; checksum: TableChecksum | null; columns: string[] }> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const sql: Sql = (text, params) => queryRunner.query(text, params);
    const [checkpoint] = await sql<{ position: string | null }>(`SELECT position::text FROM ${CHECKPOINTS} WHERE name = $1`, [runner.name]);
    const columns = await columnsOf(sql, READ_SCHEMA, table);
    const checksum = columns.length === 0 ? null : await tableChecksum(sql, READ_SCHEMA, table, columns);
    await queryRunner.query('COMMIT');
    return { position: checkpoint?.position == null ? 'start' : BigInt(checkpoint.position), checksum, columns };
  } finally {
    await queryRunner.release();
  }
}

/**
 * `o2c replay`: each view rebuilt from position 0 into a fresh table (o2c_read_replay."<table>") up to the live
 * view's checkpoint, then compared with the live table by checksum and row count. The live tables keep serving and
 * are left alone unless `swap` is set, in which case a view that differs gets its fresh table (caught up to the head)
 * swapped in, with its checkpoint, in one transaction.
 */
export async function replayViews(runners: readonly ProjectionRunner<object>[], dataSource: DataSource, options: ReplayOptions = {}): Promise<ReplayReport> {
  const started = process.hrtime.bigint();
  const sql: Sql = (text, params) => withLiveReadModelTables(() => dataSource.query(text, params));
  const views: ViewReplay[] = new Array<ViewReplay>(runners.length);
  // Views are folded `concurrency` at a time (each reads the store and writes its own table): while one waits on
  // PostgreSQL another folds in node. The report keeps the runners' order.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runners.length) {
      const viewIndex = next++;
      try {
        views[viewIndex] = await replayView(viewIndex, runners[viewIndex]);
      } catch (error) {
        next = runners.length; // the other workers take no new view
        throw error;
      }
    }
  };
  const replayView = async (viewIndex: number, runner: ProjectionRunner<object>): Promise<ViewReplay> => {
    const viewStarted = process.hrtime.bigint();
    const table = runner.table;
    const live = await withLiveReadModelTables(() => liveSnapshot(dataSource, runner, table));
    const upTo = live.position === 'start' ? 0n : live.position;
    const target = { schema: REPLAY_SCHEMA, table };
    const fold = await runner.foldInto(target, {
      upTo,
      onProgress: (position) => options.onProgress?.({ view: runner.name, viewIndex, views: runners.length, position, upTo }),
    });
    const columns = live.columns.length > 0 ? live.columns : await columnsOf(sql, REPLAY_SCHEMA, table);
    const replayed = await tableChecksum(sql, REPLAY_SCHEMA, table, columns);
    const equal = live.checksum !== null && live.checksum.checksum === replayed.checksum && live.checksum.rows === replayed.rows;
    let swapped = false;
    let events = fold.events;
    if (options.swap && !equal) {
      events += await runner.swapIn(target);
      swapped = true;
    }
    return {
      name: runner.name,
      table,
      position: upTo.toString(),
      events,
      seconds: Number(process.hrtime.bigint() - viewStarted) / 1e9,
      live: live.checksum,
      replayed,
      equal,
      swapped,
      freshTable: swapped ? null : `${REPLAY_SCHEMA}.${table}`,
    };
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, runners.length)) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = views.reduce((sum, v) => sum + v.events, 0);
  return { events, seconds: Math.round(seconds * 1000) / 1000, perSec: Math.round(events / Math.max(seconds, 1e-9)), checksumsEqual: views.every((v) => v.equal), views };
}
