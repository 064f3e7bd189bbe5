import { startEmbeddedPostgres } from '@o2c/kernel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

export interface BenchDatabase {
  readonly databaseUrl: string;
  /** Stops the embedded server and removes its folder (nothing for a DATABASE_URL the bench was given). */
  release(): Promise<void>;
}

/** DATABASE_URL when set, else a throwaway embedded PostgreSQL on a free port with a database of this name. */
export async function benchDatabase(name: string, log: (line: string) => void): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) return { databaseUrl: process.env.DATABASE_URL, release: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), `o2c-${name.replace(/_/g, '-')}-`));
  const port = await freePort();
  const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, persistent: false });
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  log(`embedded PostgreSQL on port ${port}`);
  return {
    databaseUrl: postgres.urlFor(name),
    release: async () => {
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
