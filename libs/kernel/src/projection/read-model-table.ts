import type { DataSource, EntityManager, EntitySchema } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { ProjectedRow } from './projection';

export const CHECKPOINTS = 'o2c_read.checkpoints';

/** Column types whose values travel as JSON text and are cast back in SQL; anything else takes TypeORM's own upsert. */
const TEXT_TYPES = new Set(['character varying', 'varchar', 'text', 'character', 'char']);
const CAST_TYPES = new Set(['bigint', 'integer', 'int', 'int4', 'int8', 'smallint', 'numeric', 'decimal', 'boolean', 'bool', 'jsonb', 'json', 'date', 'uuid', 'double precision', 'real', 'timestamptz', 'timestamp with time zone']);

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** What one batch changes in a read-model table. */
export interface RowChanges<Row> {
  readonly upserts: readonly Row[];
  readonly deletes: readonly string[];
}

/**
 * The SQL of one projection's table, built once from its TypeORM metadata:
 * rows read by key (hydrated exactly as TypeORM hydrates them), and a batch's
 * upserts, deletes and checkpoint written in ONE statement (rows as a single
 * JSON parameter through json_to_recordset): one round trip per batch, and
 * atomic on its own.
 */
export class ReadModelTable<Row extends object> {
  private readonly columns: ColumnMetadata[];
  private readonly tablePath: string;
  /** False when a column needs TypeORM's own conversion (arrays, transformers, exotic types): then TypeORM writes the rows. */
  readonly fast: boolean;
  private readonly selectSql: string;
  private readonly upsertSql: (param: number) => string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntitySchema,
    /** Rows are never updated: a key already there keeps its row (ON CONFLICT DO NOTHING). */
    insertOnly = false,
  ) {
    const metadata = dataSource.getMetadata(entity);
    const driver = dataSource.driver;
    this.columns = metadata.columns;
    this.tablePath = metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);
    const typeOf = (column: ColumnMetadata): string => driver.normalizeType(column);
    this.fast = this.columns.every((c) => !c.isArray && !c.transformer && c.default === undefined && (TEXT_TYPES.has(typeOf(c)) || CAST_TYPES.has(typeOf(c))));
    const names = this.columns.map((c) => quote(c.databaseName));
    this.selectSql = `SELECT ${names.join(', ')} FROM ${this.tablePath} WHERE "key" = ANY($1::text[])`;
    const recordset = this.columns.map((c) => `${quote(c.databaseName)} text`).join(', ');
    const casts = this.columns.map((c) => (TEXT_TYPES.has(typeOf(c)) ? `r.${quote(c.databaseName)}` : `r.${quote(c.databaseName)}::${typeOf(c)}`));
    const updates = this.columns.filter((c) => c.databaseName !== 'key').map((c) => `${quote(c.databaseName)} = EXCLUDED.${quote(c.databaseName)}`);
    this.upsertSql = (param) => `INSERT INTO ${this.tablePath} (${names.join(', ')}) SELECT ${casts.join(', ')} FROM json_to_recordset($${param}::json) AS r(${recordset})
      ON CONFLICT ("key") DO ${updates.length > 0 && !insertOnly ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  }

  /** The rows of these keys, as TypeORM would hydrate them. */
  async find(manager: EntityManager | DataSource, keys: readonly string[]): Promise<(Row & ProjectedRow)[]> {
    if (keys.length === 0) return [];
    const raw: Record<string, unknown>[] = await manager.query(this.selectSql, [keys]);
    const driver = this.dataSource.driver;
    return raw.map((r) => {
      const row: Record<string, unknown> = {};
      for (const column of this.columns) row[column.propertyName] = driver.prepareHydratedValue(r[column.databaseName], column);
      return row as Row & ProjectedRow;
    });
  }

  /** The JSON text of the rows, snapshotted now (the caller may go on changing its objects). */
  serialize(rows: readonly (Row & ProjectedRow)[]): string {
    const driver = this.dataSource.driver;
    return JSON.stringify(
      rows.map((row) => {
        const record: Record<string, unknown> = {};
        for (const column of this.columns) {
          const value = driver.preparePersistentValue((row as Record<string, unknown>)[column.propertyName], column);
          record[column.databaseName] = value === undefined ? null : value;
        }
        return record;
      }),
    );
  }

  /**
   * Writes serialized rows, deletes and the checkpoint `name` at `position` in one statement (so one round trip,
   * atomic even outside a transaction). Only when `fast`.
   */
  async write(manager: EntityManager | DataSource, name: string, version: number, position: bigint, rowsJson: string | undefined, deletes: readonly string[]): Promise<void> {
    const parts: string[] = [];
    const params: unknown[] = [name, position.toString(), version];
    if (rowsJson !== undefined) {
      params.push(rowsJson);
      parts.push(`upserted AS (${this.upsertSql(params.length)})`);
    }
    if (deletes.length > 0) {
      params.push(deletes);
      parts.push(`deleted AS (DELETE FROM ${this.tablePath} WHERE "key" = ANY($${params.length}::text[]))`);
    }
    parts.push(`checkpoint AS (INSERT INTO ${CHECKPOINTS} (name, position, version) VALUES ($1, $2, $3)
      ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now())`);
    await manager.query(`WITH ${parts.join(', ')} SELECT 1`, params);
  }
}
