import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@o2c/event-store';
import { In, Table, type DataSource, type EntityManager, type EntitySchema, type QueryRunner, type TableIndex } from 'typeorm';
import { READ_SCHEMA, REBUILD_SCHEMA, readModelEntity, rebuildEntity, type ProjectedRow, type ProjectionDefinition } from './projection';
import { enableReadModelRedirects, quoteIdentifier, tableRedirect, withLiveReadModelTables, withReadModelTables } from './table-redirect';
import { CHECKPOINTS, ReadModelTable } from './read-model-table';
const REBUILD_SUFFIX = '#rebuild';

export type ProjectionStatus = 'stopped' | 'catching_up' | 'live' | 'rebuilding' | 'failed';

export interface ProjectionState {
  readonly name: string;
  readonly status: ProjectionStatus;
  /** Last `$all` position committed with the rows ('start' before the first). */
  readonly checkpoint: bigint | 'start';
  readonly lastError?: string;
}

export interface RebuildReport {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  readonly perSec: number;
  readonly checkpoint: bigint | 'start';
}

/** Where `foldInto` writes: a table created like the live one, in another schema. */
export interface FoldTarget {
  readonly schema: string;
  readonly table: string;
}

export interface FoldOptions {
  /** Last position folded (inclusive); default: everything stored when the fold reaches the head. */
  readonly upTo?: bigint;
  /** Continue from the target's own checkpoint instead of recreating it. */
  readonly resume?: boolean;
  /** Called after each batch with the last position read. */
  readonly onProgress?: (position: bigint) => void;
}

export interface FoldReport {
  readonly events: number;
  /** Last position folded into the target ('start' before the first). */
  readonly checkpoint: bigint | 'start';
}

export interface ProjectionRunnerOptions {
  /** Largest batch of events applied in one transaction. */
  readonly batchSize?: number;
  /** Page of events folded and written at once by a rebuild (default 5,000). */
  readonly rebuildBatchSize?: number;
  /** Rows a rebuild keeps in memory between pages (default 50,000); older ones are read back from the table when touched again. */
  readonly rebuildCachedRows?: number;
  /** Wait before resubscribing after a failure (database down, handler error). */
  readonly retryDelayMs?: number;
  readonly onError?: (name: string, error: unknown) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the checkpoint table and read schemas once, even when several processes start together. */
export async function migrateProjections(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_read.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${READ_SCHEMA}`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${REBUILD_SCHEMA}`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (
      name text PRIMARY KEY,
      position numeric(40,0),
      version integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
}

/** Creates the table afresh without its secondary indices (a bulk load is faster without them); returns them, to create after the load. */
async function createTable(queryRunner: QueryRunner, entity: EntitySchema): Promise<TableIndex[]> {
  const metadata = queryRunner.connection.getMetadata(entity);
  await queryRunner.dropTable(metadata.tablePath, true);
  const table = Table.create(metadata, queryRunner.connection.driver);
  const indices = table.indices;
  table.indices = [];
  await queryRunner.createTable(table, false, false, false);
  return indices;
}

/**
 * What a rebuild holds between pages: the rows it folded (a bounded cache, oldest dropped first), the keys dropped
 * from it (the only ones worth reading back from the table), the last position folded, and the write in flight.
 */
interface RebuildFold<Row> {
  readonly rows: Map<string, (Row & ProjectedRow) | null>;
  readonly evicted: Set<string>;
  after: bigint;
  writing: Promise<void> | undefined;
  /** The table held rows before this fold began (a resumed fold): any key not in memory is looked up, not only evicted ones. */
  readonly resumed?: boolean;
}

/**
 * Feeds one projection from a catch-up subscription on `$all`. Each batch is
 * one PostgreSQL transaction: lock the checkpoint row, drop what it already
 * covers, fold the rest into the rows (skipping any event a row has already
 * seen: the per-row guard), write the rows and the new checkpoint, commit.
 * So a crash or a redelivery never applies an event twice or loses one, and
 * two runners of one projection never interleave.
 */
export class ProjectionRunner<Row extends object> {
  private subscription: Subscription | undefined;
  private status: ProjectionStatus = 'stopped';
  private checkpoint: bigint | 'start' = 'start';
  private lastError: string | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly tables = new Map<EntitySchema, ReadModelTable<Row>>();

  constructor(
    private readonly definition: ProjectionDefinition<Row>,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  get name(): string {
    return this.definition.name;
  }

  /** The live table's name in o2c_read. */
  get table(): string {
    return this.definition.table;
  }

  get version(): number {
    return this.definition.version;
  }

  /** The events the projection reads. */
  get filter(): EventFilter | undefined {
    return this.definition.filter;
  }

  state(): ProjectionState {
    return { name: this.definition.name, status: this.status, checkpoint: this.checkpoint, lastError: this.lastError };
  }

  /** Starts following `$all`; first rebuilds when the stored version differs from the definition's (or the table is missing). */
  async start(): Promise<void> {
    await migrateProjections(this.dataSource);
    const stored = await this.readCheckpoint(this.definition.name);
    const exists = await this.tableExists(READ_SCHEMA);
    if (!stored || stored.version !== this.definition.version || !exists) await this.rebuild();
    this.stopping = false;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.loop;
    this.loop = undefined;
    this.status = 'stopped';
  }

  /** Resolves once the rows reflect every event up to `position` (read-your-writes for tests and APIs). */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const reached = () => this.checkpoint !== 'start' && this.checkpoint >= position;
    if (reached()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`projection ${this.definition.name} did not reach position ${position} within ${timeoutMs} ms (at ${String(this.checkpoint)}, ${this.status})`));
      }, timeoutMs);
      const check = () => {
        if (!reached()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /**
   * Rebuilds from position 0 into a fresh table beside the live one (which
   * keeps serving), then stops following, catches the fresh table up to the
   * head, and swaps it in with its checkpoint in one transaction.
   */
  async rebuild(): Promise<RebuildReport> {
    const wasFollowing = this.loop !== undefined;
    const started = process.hrtime.bigint();
    await migrateProjections(this.dataSource);
    const entity = rebuildEntity(this.definition) as EntitySchema;
    const queryRunner = this.dataSource.createQueryRunner();
    let indices: TableIndex[];
    try {
      indices = await createTable(queryRunner, entity);
    } finally {
      await queryRunner.release();
    }
    const rebuildName = `${this.definition.name}${REBUILD_SUFFIX}`;
    await this.dataSource.query(`DELETE FROM ${CHECKPOINTS} WHERE name = $1`, [rebuildName]);
    this.status = 'rebuilding';
    const fold: RebuildFold<Row> = { rows: new Map(), evicted: new Set(), after: -1n, writing: undefined };
    let events = await this.catchUp(rebuildName, entity, fold);
    const indexRunner = this.dataSource.createQueryRunner();
    try {
      const { tablePath } = this.dataSource.getMetadata(entity);
      for (const index of indices) await indexRunner.createIndex(tablePath, index);
    } finally {
      await indexRunner.release();
    }
    if (wasFollowing) await this.stop();
    this.status = 'rebuilding';
    events += await this.catchUp(rebuildName, entity, fold);

    const checkpoint = await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO ${CHECKPOINTS} (name, position, version) VALUES ($1, NULL, $2) ON CONFLICT (name) DO NOTHING`, [this.definition.name, this.definition.version]);
      const [locked] = await manager.query(`SELECT position FROM ${CHECKPOINTS} WHERE name = $1 FOR UPDATE`, [this.definition.name]);
      // Another process's runner of this projection may have applied events to the live table since the last catch-up:
      // with its checkpoint locked (it waits now), the fresh table catches up past them first, or they would be lost.
      if (locked?.position != null && (await this.foldedUpTo(rebuildName)) < BigInt(locked.position)) events += await this.catchUp(rebuildName, entity, fold);
      const [rebuilt] = await manager.query(`SELECT position FROM ${CHECKPOINTS} WHERE name = $1`, [rebuildName]);
      await manager.query(`DROP TABLE IF EXISTS ${READ_SCHEMA}."${this.definition.table}"`);
      await manager.query(`ALTER TABLE ${REBUILD_SCHEMA}."${this.definition.table}" SET SCHEMA ${READ_SCHEMA}`);
      await manager.query(`UPDATE ${CHECKPOINTS} SET position = $2, version = $3, updated_at = now() WHERE name = $1`, [
        this.definition.name,
        rebuilt?.position ?? null,
        this.definition.version,
      ]);
      await manager.query(`DELETE FROM ${CHECKPOINTS} WHERE name = $1`, [rebuildName]);
      return rebuilt?.position == null ? ('start' as const) : BigInt(rebuilt.position);
    });
    this.setCheckpoint(checkpoint);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.status = 'stopped';
    if (wasFollowing) {
      this.stopping = false;
      this.loop = this.follow();
    }
    return { name: this.definition.name, events, seconds, perSec: Math.round(events / seconds), checkpoint };
  }

  /** The checkpoint name of a fold into `target`. */
  foldCheckpointName(target: FoldTarget): string {
    return `${this.definition.name}@${target.schema}.${target.table}`;
  }

  /**
   * Folds the history from position 0 up to `upTo` into `target`, a table created here like the live one (which keeps
   * serving, untouched), with the projection's own keysOf/evolve and its own writes redirected to the target
   * (table-redirect.ts), under a checkpoint of its own. For replays (compare with the live table, then maybe swap) and
   * for views "as of" a past position.
   */
  async foldInto(target: FoldTarget, options: FoldOptions = {}): Promise<FoldReport> {
    enableReadModelRedirects(this.dataSource);
    await migrateProjections(this.dataSource);
    const name = this.foldCheckpointName(target);
    const qualified = `${quoteIdentifier(target.schema)}.${quoteIdentifier(target.table)}`;
    const live = `${READ_SCHEMA}.${quoteIdentifier(this.definition.table)}`;
    if (!options.resume) {
      await withLiveReadModelTables(async () => {
        if (!(await this.tableExists(READ_SCHEMA))) throw new Error(`projection ${this.definition.name} has no live table ${live} to fold like (start the application once)`);
        await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(target.schema)}`);
        await this.dataSource.query(`DROP TABLE IF EXISTS ${qualified}`);
        // Without its secondary indexes (a bulk load is faster without them): they are built once the fold is done.
        await this.dataSource.query(`CREATE TABLE ${qualified} (LIKE ${live} INCLUDING ALL EXCLUDING INDEXES)`);
        await this.dataSource.query(`ALTER TABLE ${qualified} ADD PRIMARY KEY ("key")`);
        await this.dataSource.query(`DELETE FROM ${CHECKPOINTS} WHERE name = $1`, [name]);
      });
    }
    const from = (await withLiveReadModelTables(() => this.readCheckpoint(name)))?.position ?? 'start';
    if (options.upTo !== undefined && from !== 'start' && from >= options.upTo) return { events: 0, checkpoint: from };
    const redirect = tableRedirect(new Map([[this.definition.table, qualified]]));
    const entity = readModelEntity(this.definition) as EntitySchema;
    const table = new ReadModelTable<Row>(this.dataSource, entity, this.definition.insertOnly);
    // A table written in one statement folds like a rebuild (pages of 5,000, rows kept in memory between pages, one
    // write in flight while the next page folds); any other goes through the live path's transaction per batch.
    const fold: RebuildFold<Row> | undefined = table.fast
      ? { rows: new Map(), evicted: new Set(), after: from === 'start' ? -1n : from, writing: undefined, resumed: from !== 'start' }
      : undefined;
    const upTo = options.upTo;
    let events = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    if (upTo !== undefined && upTo <= 0n) done();
    const subscription = this.store.subscribeToAll(
      {
        from,
        filter: this.definition.filter,
        maxBatchSize: fold ? (this.options.rebuildBatchSize ?? 5000) : (this.options.batchSize ?? 1000),
        onCaughtUp: () => done(),
      },
      async (batch) => {
        const within = upTo === undefined ? batch : batch.filter((event) => event.position <= upTo);
        if (within.length > 0) {
          events += await withReadModelTables(redirect, () => (fold ? this.foldPage(name, table, fold, within) : this.apply(name, entity, within)));
        }
        const last = batch[batch.length - 1].position;
        options.onProgress?.(upTo !== undefined && last > upTo ? upTo : last);
        if (upTo !== undefined && last >= upTo) done();
      },
    );
    try {
      await Promise.race([finished, subscription.done]);
    } finally {
      await subscription.stop();
      await fold?.writing;
    }
    await subscription.done;
    if (!options.resume) await withLiveReadModelTables(() => this.copyIndexes(live, qualified));
    const checkpoint = (await withLiveReadModelTables(() => this.readCheckpoint(name)))?.position ?? 'start';
    return { events, checkpoint };
  }

  /** Builds on `target` the live table's secondary indexes (same columns, method, uniqueness and predicate; names chosen by PostgreSQL). */
  private async copyIndexes(live: string, target: string): Promise<void> {
    const rows: { definition: string }[] = await this.dataSource.query(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT i.indisprimary ORDER BY i.indexrelid`,
      [live],
    );
    for (const { definition } of rows) {
      const parts = /^(CREATE (?:UNIQUE )?INDEX) \S+ ON (?:ONLY )?\S+ (USING .*)$/s.exec(definition);
      if (!parts) throw new Error(`cannot copy index of ${live}: ${definition}`);
      await this.dataSource.query(`${parts[1]} ON ${target} ${parts[2]}`);
    }
  }

  /**
   * Replaces the live table by a fold's target: holding the live checkpoint's lock (the live runner waits), catches the
   * target up to at least the live checkpoint (and the head), then moves it into o2c_read with its checkpoint, in one
   * transaction. Returns the events folded to catch up.
   */
  async swapIn(target: FoldTarget): Promise<number> {
    let events = (await this.foldInto(target, { resume: true })).events;
    const name = this.foldCheckpointName(target);
    const qualified = `${quoteIdentifier(target.schema)}.${quoteIdentifier(target.table)}`;
    await withLiveReadModelTables(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO ${CHECKPOINTS} (name, position, version) VALUES ($1, NULL, $2) ON CONFLICT (name) DO NOTHING`, [this.definition.name, this.definition.version]);
        const [locked] = await manager.query(`SELECT position FROM ${CHECKPOINTS} WHERE name = $1 FOR UPDATE`, [this.definition.name]);
        const livePosition = locked?.position == null ? -1n : BigInt(locked.position);
        const folded = () => this.foldedUpTo(name);
        // The live runner may have gone past the target meanwhile: never swap in a table that is behind it.
        if ((await folded()) < livePosition) events += (await this.foldInto(target, { resume: true, upTo: livePosition })).events;
        const position = await folded();
        await manager.query(`DROP TABLE IF EXISTS ${READ_SCHEMA}.${quoteIdentifier(this.definition.table)}`);
        await manager.query(`ALTER TABLE ${qualified} SET SCHEMA ${READ_SCHEMA}`);
        await manager.query(`UPDATE ${CHECKPOINTS} SET position = $2, version = $3, updated_at = now() WHERE name = $1`, [
          this.definition.name,
          position < 0n ? null : position.toString(),
          this.definition.version,
        ]);
        await manager.query(`DELETE FROM ${CHECKPOINTS} WHERE name = $1`, [name]);
      }),
    );
    return events;
  }

  /** Applies everything stored up to now into the rebuild's `entity` under checkpoint `name`; returns how many events it applied. */
  private async catchUp(name: string, entity: EntitySchema, fold: RebuildFold<Row>): Promise<number> {
    let applied = 0;
    const from = (await this.readCheckpoint(name))?.position ?? 'start';
    fold.after = from === 'start' ? -1n : from;
    const table = new ReadModelTable<Row>(this.dataSource, entity, this.definition.insertOnly);
    let caughtUp!: () => void;
    const reachedHead = new Promise<void>((resolve) => (caughtUp = resolve));
    const subscription = this.store.subscribeToAll(
      { from, filter: this.definition.filter, maxBatchSize: this.options.rebuildBatchSize ?? 5000, onCaughtUp: () => caughtUp() },
      async (batch) => {
        applied += table.fast ? await this.foldPage(name, table, fold, batch) : await this.apply(name, entity, batch);
      },
    );
    try {
      await Promise.race([reachedHead, subscription.done]);
    } finally {
      await subscription.stop();
      await fold.writing;
    }
    await subscription.done;
    return applied;
  }

  /**
   * A rebuild's page: folded into the rows held in memory (reading back from the table only rows dropped from
   * memory), then written with its checkpoint in one statement while the next page is read and folded. At most
   * one write is in flight, and rows are dropped from memory only when no write is, so a row read back is current.
   */
  private async foldPage(name: string, table: ReadModelTable<Row>, fold: RebuildFold<Row>, batch: readonly RecordedEvent[]): Promise<number> {
    await fold.writing;
    const cap = this.options.rebuildCachedRows ?? 50_000;
    if (fold.rows.size > cap) {
      for (const [key, row] of fold.rows) {
        if (fold.rows.size <= cap * 0.75) break;
        fold.rows.delete(key);
        if (row !== null) fold.evicted.add(key);
      }
    }
    const fresh = batch.filter((event) => event.position > fold.after);
    if (fresh.length === 0) return 0;
    const routed = fresh.map((event) => ({ event, keys: this.definition.keysOf(event) }));
    const missing = this.definition.insertOnly ? [] : [...new Set(routed.flatMap((r) => r.keys))].filter((key) => !fold.rows.has(key) && (fold.resumed || fold.evicted.has(key)));
    for (const row of await table.find(this.dataSource, missing)) {
      fold.evicted.delete(row.key);
      fold.rows.set(row.key, row);
    }
    const changed = this.evolveRows(routed, fold.rows);
    const upserts: (Row & ProjectedRow)[] = [];
    const deletes: string[] = [];
    for (const key of changed) {
      const row = fold.rows.get(key);
      if (row) upserts.push(row);
      else deletes.push(key);
      fold.evicted.delete(key);
    }
    const last = fresh[fresh.length - 1].position;
    fold.after = last;
    const rowsJson = upserts.length > 0 ? table.serialize(upserts) : undefined;
    if (this.definition.insertOnly) fold.rows.clear(); // never read again: a later event of a stored key changes nothing
    fold.writing = table.write(this.dataSource, name, this.definition.version, last, rowsJson, deletes);
    fold.writing.catch(() => undefined); // awaited by the next page or at the end of the catch-up
    return fresh.length;
  }

  /** Folds routed events into `rows` (skipping what a row has already seen: the per-row guard); returns the keys that changed. */
  private evolveRows(routed: readonly { event: RecordedEvent; keys: readonly string[] }[], rows: Map<string, (Row & ProjectedRow) | null>): Set<string> {
    const changed = new Set<string>();
    for (const { event, keys } of routed) {
      for (const key of keys) {
        const current = rows.get(key) ?? undefined;
        if (current && BigInt(current.lastPosition) >= event.position) continue;
        const next = this.definition.evolve(current, event, key);
        if (next === undefined) continue;
        // Re-inserted so the Map's order is least recently changed first (what a rebuild drops first).
        rows.delete(key);
        rows.set(key, next === null ? null : { ...next, key, lastPosition: event.position.toString() });
        changed.add(key);
      }
    }
    return changed;
  }

  private async follow(): Promise<void> {
    const entity = readModelEntity(this.definition) as EntitySchema;
    while (!this.stopping) {
      const stored = await this.readCheckpoint(this.definition.name).catch((error: unknown) => this.fail(error));
      if (stored === undefined && this.status === 'failed') {
        await sleep(this.options.retryDelayMs ?? 1000);
        continue;
      }
      // stop() may have come while the checkpoint was read: it found no subscription to stop, so start none.
      if (this.stopping) break;
      this.setCheckpoint(stored?.position ?? 'start');
      this.status = 'catching_up';
      const subscription = this.store.subscribeToAll(
        {
          from: this.checkpoint,
          filter: this.definition.filter,
          maxBatchSize: this.options.batchSize ?? 1000,
          onCaughtUp: () => {
            if (this.status === 'catching_up') this.status = 'live';
          },
        },
        async (batch) => {
          await this.apply(this.definition.name, entity, batch, true);
        },
      );
      this.subscription = subscription;
      try {
        await subscription.done;
      } catch (error) {
        this.fail(error);
        if (!this.stopping) await sleep(this.options.retryDelayMs ?? 1000);
      }
    }
  }

  private fail(error: unknown): undefined {
    this.status = 'failed';
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(this.definition.name, error);
    return undefined;
  }

  /**
   * One transaction: checkpoint lock, per-row guard, rows, checkpoint. Four round trips (BEGIN, lock, rows, write
   * with COMMIT after) whatever the batch holds. Returns the number of events applied.
   */
  private async apply(name: string, entity: EntitySchema, batch: readonly RecordedEvent[], live = false): Promise<number> {
    const table = this.tables.get(entity) ?? new ReadModelTable<Row>(this.dataSource, entity, this.definition.insertOnly);
    this.tables.set(entity, table);
    const applied = await this.dataSource.transaction(async (manager) => {
      // Creates the checkpoint row if missing and locks it, in one statement: two runners of a projection take turns.
      const [locked] = await manager.query(
        `INSERT INTO ${CHECKPOINTS} (name, position, version) VALUES ($1, NULL, $2) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING position`,
        [name, this.definition.version],
      );
      const after = locked?.position == null ? -1n : BigInt(locked.position);
      const fresh = batch.filter((event) => event.position > after);
      if (fresh.length === 0) return { count: 0, last: after };

      const routed = fresh.map((event) => ({ event, keys: this.definition.keysOf(event) }));
      const rows = new Map<string, (Row & ProjectedRow) | null>();
      // Insert-only rows are never read back: a key already stored keeps its row through ON CONFLICT DO NOTHING.
      if (!this.definition.insertOnly || !table.fast) {
        const keys = [...new Set(routed.flatMap((r) => r.keys))];
        for (const row of table.fast ? await table.find(manager, keys) : await this.findRows(manager, entity, keys)) rows.set(row.key, row);
      }
      const changed = this.evolveRows(routed, rows);
      const upserts = [...changed].map((key) => rows.get(key)).filter((row): row is Row & ProjectedRow => row !== null && row !== undefined);
      const deletes = [...changed].filter((key) => rows.get(key) === null);
      const last = fresh[fresh.length - 1].position;
      if (table.fast) await table.write(manager, name, this.definition.version, last, upserts.length > 0 ? table.serialize(upserts) : undefined, deletes);
      else await this.writeRows(manager, entity, name, last, upserts, deletes);
      return { count: fresh.length, last };
    });
    if (live && applied.last >= 0n) this.setCheckpoint(applied.last);
    return applied.count;
  }

  /** TypeORM's own read, for tables whose columns need its conversions. */
  private async findRows(manager: EntityManager, entity: EntitySchema, keys: readonly string[]): Promise<(Row & ProjectedRow)[]> {
    if (keys.length === 0) return [];
    return manager.getRepository<Row & ProjectedRow>(entity).findBy({ key: In(keys as string[]) } as never);
  }

  /** TypeORM's own upsert, for tables whose columns need its conversions. */
  private async writeRows(manager: EntityManager, entity: EntitySchema, name: string, last: bigint, upserts: readonly (Row & ProjectedRow)[], deletes: readonly string[]): Promise<void> {
    const repository = manager.getRepository<Row & ProjectedRow>(entity);
    for (let i = 0; i < upserts.length; i += 500) await repository.upsert(upserts.slice(i, i + 500) as never, ['key']);
    if (deletes.length > 0) await repository.delete({ key: In(deletes as string[]) } as never);
    await manager.query(
      `INSERT INTO ${CHECKPOINTS} (name, position, version) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, last.toString(), this.definition.version],
    );
  }

  private setCheckpoint(position: bigint | 'start'): void {
    this.checkpoint = position;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The last position folded under checkpoint `name` (read outside any transaction of ours), -1 before the first. */
  private async foldedUpTo(name: string): Promise<bigint> {
    const position = (await withLiveReadModelTables(() => this.readCheckpoint(name)))?.position ?? 'start';
    return position === 'start' ? -1n : position;
  }

  private async readCheckpoint(name: string): Promise<{ position: bigint | 'start'; version: number } | undefined> {
    const [row] = await this.dataSource.query(`SELECT position, version FROM ${CHECKPOINTS} WHERE name = $1`, [name]);
    if (!row) return undefined;
    return { position: row.position == null ? 'start' : BigInt(row.position), version: row.version };
  }

  private async tableExists(schema: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT to_regclass($1) AS oid`, [`${schema}."${this.definition.table}"`]);
    return row?.oid != null;
  }
}
