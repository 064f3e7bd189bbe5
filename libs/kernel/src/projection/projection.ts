import type { EventFilter, RecordedEvent } from '@o2c/event-store';
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';

/** The schema of live read models, and the one a rebuild fills before it is swapped in. */
export const READ_SCHEMA = 'o2c_read';
export const REBUILD_SCHEMA = 'o2c_read_rebuild';

/** Columns the runner keeps on every row: the row's key and the `$all` position of the last event applied to it. */
export interface ProjectedRow {
  key: string;
  /** A decimal string: positions are bigints, stored as numeric. */
  lastPosition: string;
}

/** What `evolve` returns: the new row, `null` to delete it, `undefined` when the event changes nothing. */
export type Evolved<Row> = Row | null | undefined;

/**
 * One read model per query (STYLE.md): a table of rows, each the fold of a
 * pure `evolve(row, event)` over the events that `keysOf` routes to it.
 */
export interface ProjectionDefinition<Row extends object> {
  /** Stable name; also the checkpoint's name. */
  readonly name: string;
  /** Bump it when evolve or the columns change: the runner then rebuilds from position 0 into a fresh table. */
  readonly version: number;
  /** Table in the `o2c_read` schema. */
  readonly table: string;
  /** The row's own columns (TypeORM column options); `key` and `lastPosition` are added. */
  readonly columns: Record<keyof Row & string, EntitySchemaColumnOptions>;
  readonly indices?: readonly { name: string; columns: (keyof Row & string)[] }[];
  /**
   * Rows are written once and never changed or deleted (an append-only index): `evolve` returns undefined for a row
   * that exists, so the runner never reads rows back and writes with INSERT ... ON CONFLICT DO NOTHING (the first
   * event routed to a key wins, as reading the row would have decided).
   */
  readonly insertOnly?: boolean;
  /** Only these events are read; the narrower the faster. */
  readonly filter?: EventFilter;
  /** The keys of the rows an event touches (none: ignored). */
  keysOf(event: RecordedEvent): readonly string[];
  evolve(row: (Row & ProjectedRow) | undefined, event: RecordedEvent, key: string): Evolved<Row>;
}

const live = new WeakMap<ProjectionDefinition<object>, EntitySchema>();
const rebuilding = new WeakMap<ProjectionDefinition<object>, EntitySchema>();

function entityFor<Row extends object>(definition: ProjectionDefinition<Row>, schema: string): EntitySchema<Row & ProjectedRow> {
  return new EntitySchema<Row & ProjectedRow>({
    name: schema === READ_SCHEMA ? definition.name : `${definition.name}#rebuild`,
    tableName: definition.table,
    schema,
    columns: {
      key: { type: 'varchar', primary: true },
      lastPosition: { type: 'numeric', precision: 40, scale: 0, name: 'last_position' },
      ...definition.columns,
    } as never,
    indices: definition.indices?.map((index) => ({ name: `${definition.table}_${index.name}`, columns: index.columns as string[] })),
  });
}

/** The TypeORM entity of a projection's live table: register it in the DataSource and query it with a repository. */
export function readModelEntity<Row extends object>(definition: ProjectionDefinition<Row>): EntitySchema<Row & ProjectedRow> {
  const key = definition as ProjectionDefinition<object>;
  if (!live.has(key)) live.set(key, entityFor(definition, READ_SCHEMA) as EntitySchema);
  return live.get(key) as EntitySchema<Row & ProjectedRow>;
}

/** The entity of the table a rebuild fills. */
export function rebuildEntity<Row extends object>(definition: ProjectionDefinition<Row>): EntitySchema<Row & ProjectedRow> {
  const key = definition as ProjectionDefinition<object>;
  if (!rebuilding.has(key)) rebuilding.set(key, entityFor(definition, REBUILD_SCHEMA) as EntitySchema);
  return rebuilding.get(key) as EntitySchema<Row & ProjectedRow>;
}

/** Every entity the runner needs in the DataSource for these projections. */
export function projectionEntities(definitions: readonly ProjectionDefinition<object>[]): EntitySchema[] {
  return definitions.flatMap((d) => [readModelEntity(d) as EntitySchema, rebuildEntity(d) as EntitySchema]);
}
