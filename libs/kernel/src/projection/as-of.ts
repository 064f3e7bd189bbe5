import type { EventStore } from '@o2c/event-store';
import type { DataSource } from 'typeorm';
import { DomainException, domainError } from '../errors/domain-error';
import type { ProjectionRunner } from './projection-runner';
import { quoteIdentifier, withLiveReadModelTables, withReadModelTables, type ReadModelRedirect } from './table-redirect';

/** Where views as of past positions are folded; each table is named `<table>@v<version>p<position>`. */
export const AS_OF_SCHEMA = 'o2c_read_asof';
const REGISTRY = `${AS_OF_SCHEMA}.tables`;

export interface ViewsAsOfOptions {
  /** As-of tables kept per view (least recently used dropped first); default 8. */
  readonly keep?: number;
}

/**
 * Every view "as of" a past instant, as the business knew it then: the events recorded up to that instant (up to the
 * last position recorded at or before it), folded by the view's own projection into a table of its own, which the
 * view's own queries then read through a redirect (table-redirect.ts). A table is made on first use, per view and
 * per position (the last position at or before the instant that the view's filter selects, so nearby instants share
 * it), kept in a registry, and the least recently used beyond `keep` are dropped.
 */
export class ViewsAsOf {
  private readonly building = new Map<string, Promise<void>>();

  constructor(
    private readonly runnerFor: (table: string) => ProjectionRunner<object> | undefined,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: ViewsAsOfOptions = {},
  ) {}

  /** The last `$all` position recorded at or before `instant`; 0 when nothing was. */
  async positionAt(instant: Date): Promise<bigint> {
    // A binary search over positions by recordedAt, which grows with the position: O(log n) reads, no index.
    const [last] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    if (!last || last.recordedAt <= instant) return last?.position ?? 0n;
    let low = 0n;
    let high = last.position;
    let best = 0n;
    while (low <= high) {
      const middle = (low + high) / 2n;
      const [event] = await this.store.readAll({ direction: 'backwards', fromPosition: middle, maxCount: 1 });
      if (!event) low = middle + 1n;
      else if (event.recordedAt <= instant) {
        if (event.position > best) best = event.position;
        low = middle + 1n;
      } else high = event.position - 1n;
    }
    return best;
  }

  /** Runs `work` (a view's own queries) against every view as of `instant`; the tables it reads are made on demand. */
  async run<T>(instant: Date, work: () => Promise<T>): Promise<T> {
    const redirect = await this.redirectAt(await this.positionAt(instant));
    return withReadModelTables(redirect, work);
  }

  /** The redirect to every view as of `position`. A table that no view hosted here owns cannot be answered as of: 400. */
  async redirectAt(position: bigint): Promise<ReadModelRedirect> {
    return {
      resolve: (table) =>
        withLiveReadModelTables(async () => {
          const runner = this.runnerFor(table);
          if (!runner) {
            throw new DomainException(domainError('validation', 'as_of.unsupported', `o2c_read.${table} is not a view hosted here: it cannot be read as of a past instant`, { field: 'asOf' }));
          }
          const [last] = position <= 0n ? [] : await this.store.readAll({ direction: 'backwards', fromPosition: position, maxCount: 1, filter: runner.filter });
          const upTo = last?.position ?? 0n;
          const target = `${table}@v${runner.version}p${upTo}`;
          await this.ensure(runner, target, upTo);
          return `${quoteIdentifier(AS_OF_SCHEMA)}.${quoteIdentifier(target)}`;
        }),
    };
  }

  private ensure(runner: ProjectionRunner<object>, target: string, upTo: bigint): Promise<void> {
    const pending = this.building.get(target);
    if (pending) return pending;
    const building = this.build(runner, target, upTo).finally(() => this.building.delete(target));
    this.building.set(target, building);
    return building;
  }

  /** Made once across processes: under an advisory lock on the target's name, and recorded in the registry when complete. */
  private async build(runner: ProjectionRunner<object>, target: string, upTo: bigint): Promise<void> {
    await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${AS_OF_SCHEMA}`);
    await this.dataSource.query(`CREATE TABLE IF NOT EXISTS ${REGISTRY} (target text PRIMARY KEY, view text NOT NULL, position numeric(40,0) NOT NULL, used_at timestamptz NOT NULL DEFAULT now())`);
    const [touched] = await this.dataSource.query(`SELECT 1 FROM ${REGISTRY} WHERE target = $1`, [target]);
    if (touched) {
      await this.dataSource.query(`UPDATE ${REGISTRY} SET used_at = now() WHERE target = $1`, [target]);
      return;
    }
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [`o2c_read_asof:${target}`]);
      const [ready] = await lock.query(`SELECT 1 FROM ${REGISTRY} WHERE target = $1`, [target]);
      if (ready) return;
      await runner.foldInto({ schema: AS_OF_SCHEMA, table: target }, { upTo });
      await this.dataSource.query(`INSERT INTO ${REGISTRY} (target, view, position) VALUES ($1, $2, $3) ON CONFLICT (target) DO UPDATE SET used_at = now()`, [target, runner.name, upTo.toString()]);
      await this.evict(runner.name, target);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`o2c_read_asof:${target}`]).catch(() => undefined);
      await lock.release();
    }
  }

  private async evict(view: string, keepTarget: string): Promise<void> {
    const stale: { target: string }[] = await this.dataSource.query(
      `SELECT target FROM ${REGISTRY} WHERE view = $1 AND target <> $2 ORDER BY used_at DESC OFFSET $3`,
      [view, keepTarget, Math.max((this.options.keep ?? 8) - 1, 0)],
    );
    for (const { target } of stale) {
      await this.dataSource.query(`DELETE FROM ${REGISTRY} WHERE target = $1`, [target]);
      await this.dataSource.query(`DROP TABLE IF EXISTS ${quoteIdentifier(AS_OF_SCHEMA)}.${quoteIdentifier(target)}`);
      await this.dataSource.query(`DELETE FROM o2c_read.checkpoints WHERE name = $1`, [`${view}@${AS_OF_SCHEMA}.${target}`]);
    }
  }
}
