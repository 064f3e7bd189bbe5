import 'reflect-metadata';
import { InvalidArgumentError, type Command } from 'commander';
import { accountsContext } from '@o2c/accounts';
import { agencyContext } from '@o2c/agency';
import { collectionsContext } from '@o2c/collections';
import { disputesContext } from '@o2c/disputes';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { invoicingContext } from '@o2c/invoicing';
import { ProjectionRunner, projectionEntities, replayViews, type ProjectionDefinition, type ReplayReport } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { analyticsReadSide } from '../../apps/o2c/src/analytics';
import { eventIndexProjection } from '@o2c/audit';
import { databaseUrl, type Global } from './database';
import { progressBar } from './progress';

/** Every view of every context, the analytics read side and the auditors' event index, as apps/o2c hosts them. */
export const ALL_VIEWS: readonly ProjectionDefinition<object>[] = [...[accountsContext, invoicingContext, collectionsContext, disputesContext, agencyContext].flatMap((c) => c.projections), ...analyticsReadSide.projections, eventIndexProjection as unknown as ProjectionDefinition<object>];

/** The views named (a projection's name, or "all"); an unknown name is an error that lists the known ones. */
export function selectViews(selector: string): ProjectionDefinition<object>[] {
  if (selector === 'all') return [...ALL_VIEWS];
  const view = ALL_VIEWS.find((d) => d.name === selector);
  if (!view) throw new Error(`unknown projection "${selector}": one of all, ${ALL_VIEWS.map((d) => d.name).join(', ')}`);
  return [view];
}

/**
 * `o2c replay <projection|all>`: rebuilds views from position 0 into fresh tables (o2c_read_replay, kept for
 * inspection) up to each live view's checkpoint and compares them with the live tables by checksum; --swap puts a
 * differing fresh table in place of the live one. One JSON object last; exit 1 when a view differs.
 */
export function registerReplay(program: Command): void {
  program
    .command('replay <projection>')
    .description('rebuild views from position 0 into fresh tables and compare them with the live ones by checksum ("all", or a projection name such as invoicing.invoices)')
    .option('--swap', 'swap each fresh table that differs in place of the live one (default: compare only, live tables untouched)')
    .option('--concurrency <n>', 'views folded at the same time', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('--concurrency must be an integer from 1 to 16');
      return n;
    }, 2)
    .option('--json', 'only the JSON report on stdout')
    .option('--no-progress', 'no progress bar')
    .action(async (selector: string, o: { swap?: boolean; json?: boolean; progress: boolean; concurrency: number }) => {
      const views = selectViews(selector);
      const url = databaseUrl(program.opts<Global>());
      const store = await PostgresEventStore.connect({ url });
      const dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities(views), extra: { max: 4 } }).initialize();
      const bar = progressBar(o.progress, 'replay [{bar}] {percentage}% | {view} ({index}/{views}) | position {position}');
      let report: ReplayReport & { skipped: string[] };
      try {
        // "all" means every view this database has: a view whose context never ran here has no live table to compare.
        const present = await dataSource.query(`SELECT unnest($1::text[]) AS name, to_regclass(unnest($2::text[])) IS NOT NULL AS present`, [
          views.map((v) => v.name),
          views.map((v) => `o2c_read."${v.table}"`),
        ]);
        const live = new Set((present as { name: string; present: boolean }[]).filter((r) => r.present).map((r) => r.name));
        const skipped = views.filter((v) => !live.has(v.name)).map((v) => v.name);
        if (selector !== 'all' && skipped.length > 0) throw new Error(`projection ${selector} has no live table in this database (its context never ran here)`);
        for (const name of skipped) console.error(`skipped ${name}: no live table in this database`);
        const runners = views.filter((v) => live.has(v.name)).map((view) => new ProjectionRunner(view, store, dataSource));
        report = await replayViews(runners, dataSource, {
          swap: o.swap,
          concurrency: o.concurrency,
          onProgress: ({ view, viewIndex, views: count, position, upTo }) => {
            const share = upTo > 0n ? Number((position * 1000n) / upTo) / 1000 : 1;
            bar.update(Math.round((viewIndex + share) * 1000), count * 1000, { view, index: viewIndex + 1, views: count, position: position.toString() });
          },
        }).then((r) => ({ ...r, skipped }));
      } finally {
        bar.stop();
        await dataSource.destroy();
        await store.close();
      }
      if (!o.json) {
        for (const v of report.views) {
          const state = v.equal ? 'equal' : v.swapped ? 'DIFFERS (fresh table swapped in)' : 'DIFFERS';
          console.log(`${v.name.padEnd(28)} ${state.padEnd(34)} live ${v.live ? `${v.live.rows} rows ${v.live.checksum}` : 'missing'} | replayed ${v.replayed.rows} rows ${v.replayed.checksum} | up to ${v.position}`);
        }
        console.log(`${report.events} events in ${report.seconds} s (${report.perSec}/s)`);
      }
      console.log(JSON.stringify(report));
      if (!report.checksumsEqual) process.exitCode = 1;
    });
}
