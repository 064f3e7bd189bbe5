import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { READ_SCHEMA } from './projection';

/**
 * Runs a view's own code (its projector, its queries) against another table than its live one: inside
 * `withReadModelTables`, every SQL statement the DataSource sends that names `o2c_read.<table>` (quoted or not) names
 * the table the redirect gives instead. This is how a replay folds into fresh tables and how a view answers "as of" a
 * past instant with its own queries, without a second copy of either. Outside a redirect, statements pass unchanged.
 */
export interface ReadModelRedirect {
  /** `<table>` (in o2c_read) -> the qualified, quoted name to use instead; undefined: unchanged. May prepare the table first. */
  resolve(table: string): string | undefined | Promise<string | undefined>;
}

const storage = new AsyncLocalStorage<ReadModelRedirect>();
const patched = new WeakSet<DataSource>();
const READ_TABLE = new RegExp(`"?${READ_SCHEMA}"?\\."?([A-Za-z_][A-Za-z0-9_]*)"?`, 'g');

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function rewrite(sql: string, redirect: ReadModelRedirect): Promise<string> {
  const tables = new Set([...sql.matchAll(READ_TABLE)].map((m) => m[1]));
  if (tables.size === 0) return sql;
  const targets = new Map<string, string>();
  for (const table of tables) {
    const target = await redirect.resolve(table);
    if (target !== undefined) targets.set(table, target);
  }
  return targets.size === 0 ? sql : sql.replace(READ_TABLE, (whole, table: string) => targets.get(table) ?? whole);
}

/** Makes the DataSource honour redirects (idempotent). Every query runner it creates rewrites its statements inside one. */
export function enableReadModelRedirects(dataSource: DataSource): void {
  if (patched.has(dataSource)) return;
  patched.add(dataSource);
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = create(...args);
    const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
    runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
      const redirect = storage.getStore();
      return query(redirect ? await rewrite(sql, redirect) : sql, parameters, structured);
    }) as QueryRunner['query'];
    return runner;
  };
}

/** Runs `work` with the redirect in force for every query it sends (through DataSources with redirects enabled). */
export function withReadModelTables<T>(redirect: ReadModelRedirect, work: () => T): T {
  return storage.run(redirect, work);
}

/** Whether a redirect is in force here: SQL sent around the DataSource (e.g. straight on its pool) would not honour it. */
export function readModelRedirected(): boolean {
  return storage.getStore() !== undefined;
}

/** Runs `work` with no redirect (the live tables), e.g. to prepare a redirect's table from inside one. */
export function withLiveReadModelTables<T>(work: () => T): T {
  return storage.exit(work);
}

/** A fixed redirect: these o2c_read tables to these qualified names. */
export function tableRedirect(tables: ReadonlyMap<string, string>): ReadModelRedirect {
  return { resolve: (table) => tables.get(table) };
}
