import { startEmbeddedPostgres } from '@o2c/kernel';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

export interface BenchDatabase {
  readonly databaseUrl: string;
  /** The embedded server's postmaster pid (for its CPU time), undefined for a DATABASE_URL the bench was given. */
  serverPid(): number | undefined;
  /** Stops the embedded server and removes its folder (nothing for a DATABASE_URL the bench was given). */
  release(): Promise<void>;
}

export interface BenchDatabaseOptions {
  /** Extra server settings for the embedded server (e.g. shared_preload_libraries). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** DATABASE_URL when set, else a throwaway embedded PostgreSQL on a free port with a database of this name. */
export async function benchDatabase(name: string, log: (line: string) => void, options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) return { databaseUrl: process.env.DATABASE_URL, serverPid: () => undefined, release: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), `o2c-${name.replace(/_/g, '-')}-`));
  const port = await freePort();
  const extra = process.env.BENCH_PG_SETTINGS ? (JSON.parse(process.env.BENCH_PG_SETTINGS) as Record<string, string>) : {};
  const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, persistent: false, settings: { ...extra, ...options.settings } });
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  log(`embedded PostgreSQL on port ${port}`);
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  return {
    databaseUrl: postgres.urlFor(name),
    serverPid: () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) || undefined : undefined),
    release: async () => {
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
