import { Pool } from 'pg';
import type { AuditSql } from '../../libs/audit/src/verify-log/verify-log';

/** Options every command shares (on the program). */
export interface Global {
  databaseUrl?: string;
}

/** --database-url, else DATABASE_URL, else the embedded server of `npm start` (O2C_PG_PORT, database o2c). */
export function databaseUrl(options: Global): string {
  return options.databaseUrl || process.env.DATABASE_URL || `postgres://postgres:o2c@127.0.0.1:${process.env.O2C_PG_PORT || 54329}/o2c`;
}

/** Read-only work on a small pool, closed after. */
export async function withDatabase<T>(options: Global, work: (sql: AuditSql) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: databaseUrl(options), max: 2 });
  const sql: AuditSql = async <R extends object>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[];
  try {
    return await work(sql);
  } finally {
    await pool.end();
  }
}
