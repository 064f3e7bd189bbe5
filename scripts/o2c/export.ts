import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { exportBounds, exportNdjson, type ExportRange } from '../../libs/audit/src/export-events/export-events';
import { withDatabase, type Global } from './database';
import { progressBar } from './progress';

const position = (name: string) => (raw: string): bigint => {
  if (!/^\d{1,19}$/.test(raw)) throw new InvalidArgumentError(`${name} must be a non-negative integer (a $all position)`);
  return BigInt(raw);
};
const instant = (name: string) => (raw: string): Date => {
  const at = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(raw) || Number.isNaN(at.getTime())) throw new InvalidArgumentError(`${name} must be an ISO 8601 date or instant`);
  return at;
};

interface ExportOptions {
  category?: string;
  fromPosition?: bigint;
  toPosition?: bigint;
  from?: Date;
  to?: Date;
  out?: string;
  progress: boolean;
}

/**
 * `o2c export`: events as newline-delimited JSON (one per line, full metadata, positions as strings), streamed page by
 * page to stdout or --out; a summary JSON object on stderr (on stdout too with --out).
 */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export events as newline-delimited JSON: a category (stream prefix) or all, a range of positions and/or recordedAt instants')
    .option('--category <prefix>', 'only streams whose name starts with this (e.g. "invoice-")')
    .option('--from-position <n>', 'first $all position (inclusive)', position('--from-position'))
    .option('--to-position <n>', 'last $all position (inclusive)', position('--to-position'))
    .option('--from <instant>', 'events recorded at or after this ISO 8601 instant', instant('--from'))
    .option('--to <instant>', 'events recorded before this ISO 8601 instant (exclusive)', instant('--to'))
    .option('--out <file>', 'write the NDJSON to this file instead of stdout')
    .option('--no-progress', 'no progress bar')
    .action(async (o: ExportOptions) => {
      const range: ExportRange = { streamPrefix: o.category, fromPosition: o.fromPosition, toPosition: o.toPosition, fromRecordedAt: o.from, toRecordedAt: o.to };
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      const bar = progressBar(o.progress, 'export [{bar}] {percentage}% | position {value}/{total} | eta {eta_formatted}');
      const started = process.hrtime.bigint();
      let exported = 0;
      await withDatabase(program.opts<Global>(), async (sql) => {
        const bounds = await exportBounds(sql, range);
        const span = bounds ? Number(bounds.to - bounds.from + 1n) : 0;
        for await (const line of exportNdjson(sql, range, (last) => bounds && bar.update(Number(last - bounds.from + 1n), span))) {
          exported++;
          if (!out.write(line)) await once(out, 'drain');
        }
      });
      bar.stop();
      if (o.out) {
        out.end();
        await once(out, 'finish');
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const summary = JSON.stringify({ exported, perSec: Math.round(exported / Math.max(seconds, 1e-9)), out: o.out ?? 'stdout' });
      console.error(summary);
      if (o.out) console.log(summary);
    });
}
