import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { checkpointIfDue, verifyLog, writeCheckpoint } from '../../libs/audit/src/verify-log/verify-log';
import { registerAuditTrace } from './audit-trace';
import { registerBacktest } from './backtest';
import { withDatabase, type Global } from './database';
import { registerErase } from './erase';
import { registerExport } from './export';
import { registerKpis } from './kpis';
import { registerReplay } from './replay';
import { registerTokenCommand } from './token.command';

/**
 * `npm run o2c -- <command>`: the analysts' and auditors' command line.
 *   audit verify [--json]        walks the tamper-evident log; prints one JSON object last; exit 1 on any problem
 *   audit checkpoint [--every N] signs the head (position, hash) with O2C_AUDIT_KEY
 *   audit trace <eventId>        the causes (up), the effects (down) and the correlation of an event (audit-trace.ts)
 *   export [--category ...]      events as NDJSON for a category and a range of positions/instants (export.ts)
 *   kpis --from D --to D         KPIs per period, CSV or one JSON object (kpis.ts)
 *   replay <projection|all>      views rebuilt into fresh tables, compared with the live ones by checksum (replay.ts)
 *   backtest --policy F --from D --to D   the recorded history under a candidate dunning policy, in memory (backtest.ts)
 *   token --role <role> --subject <who>  a bearer token for the HTTP API
 * The database: --database-url, else DATABASE_URL, else the embedded server of `npm start` (O2C_PG_PORT, database o2c).
 */
const positiveInt =
  (name: string) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(`${name} must be an integer >= 1`);
    return value;
  };

function auditKey(required: boolean): string | undefined {
  const key = process.env.O2C_AUDIT_KEY;
  if (key !== undefined && key.length < 16) throw new Error('O2C_AUDIT_KEY must be at least 16 characters');
  if (required && !key) throw new Error('O2C_AUDIT_KEY is not set: checkpoints are signed with it (HMAC-SHA256)');
  return key || undefined;
}

const program = new Command().name('npm run o2c --').description('o2c tools for analysts and auditors').option('--database-url <url>', 'PostgreSQL of the event store (default: DATABASE_URL, else the embedded server)').showHelpAfterError();
const audit = program.command('audit').description('the tamper-evident log');

audit
  .command('verify')
  .description('walk the log: every event changed, removed or inserted after the fact, and bad checkpoint signatures, with positions')
  .option('--json', 'only the JSON report on stdout')
  .option('--no-progress', 'no progress bar')
  .option('--page-size <n>', 'events read per query', positiveInt('--page-size'), 5_000)
  .option('--stream-cache <n>', 'stream heads kept in memory; older ones are read back from the store', positiveInt('--stream-cache'), 100_000)
  .action(async (o: { json?: boolean; progress: boolean; pageSize: number; streamCache: number }) => {
    const key = auditKey(false);
    let bar: SingleBar | undefined;
    const report = await withDatabase(program.opts<Global>(), (sql) =>
      verifyLog(sql, {
        key,
        pageSize: o.pageSize,
        streamCacheSize: o.streamCache,
        onProgress: (done, total) => {
          if (!o.progress || !process.stderr.isTTY) return;
          if (!bar) {
            bar = new SingleBar({ format: 'verify [{bar}] {percentage}% | {value}/{total} events | eta {eta_formatted}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
            bar.start(total, 0);
          }
          bar.update(done);
        },
      }),
    );
    bar?.stop();
    if (!o.json) {
      console.log(`${report.eventsVerified} events verified (${report.perSec}/s), ${report.checkpointsVerified} checkpoints, signatures ${report.signaturesChecked ? 'checked' : 'NOT checked (no O2C_AUDIT_KEY)'}`);
      for (const p of report.problems) console.log(`  ${p.kind.padEnd(13)} position ${p.position}${p.stream ? ` (${p.stream})` : ''}: ${p.detail}`);
    }
    console.log(JSON.stringify(report));
    if (report.problems.length > 0) process.exitCode = 1;
  });

audit
  .command('checkpoint')
  .description('sign the head of the log (position, hash) with O2C_AUDIT_KEY and store it')
  .option('--every <n>', 'only if at least n events were appended since the last checkpoint', positiveInt('--every'))
  .action(async (o: { every?: number }) => {
    const key = auditKey(true)!;
    const checkpoint = await withDatabase(program.opts<Global>(), (sql) => (o.every ? checkpointIfDue(sql, key, o.every, new Date()) : writeCheckpoint(sql, key, new Date())));
    console.log(JSON.stringify({ written: checkpoint !== undefined, checkpoint: checkpoint ?? null }));
  });

registerAuditTrace(audit, program);
registerExport(program);
registerErase(program);
registerKpis(program);
registerReplay(program);
registerBacktest(program);
registerTokenCommand(program);

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
