import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** A PostgreSQL server in a child process, on its own port and data folder, that a test can stop and start again. */
export class PostgresProcess {
  private child?: ChildProcess;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PostgresProcess> {
    const server = new PostgresProcess(join(mkdtempSync(join(tmpdir(), 'o2c-restart-')), 'data'), await freePort());
    await server.startAgain();
    return server;
  }

  get url(): string {
    return `postgres://postgres:o2c@127.0.0.1:${this.port}/postgres`;
  }

  async startAgain(): Promise<void> {
    const child = spawn(process.execPath, [join(__dirname, 'embedded-postgres-server.cjs'), this.dataDir, String(this.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start in 60 s: ${stderr}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited with ${code}: ${stderr}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.child = undefined;
  }
}
