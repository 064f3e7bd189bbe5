import { computeKpis, kpiFactsFromStore, kpiReport, kpisToCsv, parseKpiRequest, type KpiReport } from '@o2c/analytics';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { InvalidArgumentError, type Command } from 'commander';
import { KPI_TRANSLATORS } from '../../apps/o2c/src/analytics';
import { databaseUrl, withDatabase, type Global } from './database';
import { progressBar } from './progress';

interface KpisOptions {
  from: string;
  to: string;
  period: string;
  format: string;
  fromStore?: boolean;
  progress: boolean;
}

/**
 * `o2c kpis`: the KPI report (libs/analytics/README.md) from the analytics.kpi_facts read model, or, with
 * --from-store, from facts recomputed straight from the store through the contexts' translators. CSV on stdout,
 * or one JSON object with --format json.
 */
export function registerKpis(program: Command): void {
  program
    .command('kpis')
    .description('KPIs per period from the published events (formulas: libs/analytics/README.md)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive)')
    .option('--period <period>', 'day, week (ISO, Monday first) or month', 'month')
    .option('--format <format>', 'csv or json (one JSON object)', 'csv')
    .option('--from-store', "recompute the facts from the event store through the contexts' translators instead of reading the read model")
    .option('--no-progress', 'no progress bar')
    .action(async (o: KpisOptions) => {
      if (o.format !== 'csv' && o.format !== 'json') throw new InvalidArgumentError('--format must be csv or json');
      const request = parseKpiRequest({ from: o.from, to: o.to, period: o.period });
      let report: KpiReport;
      if (o.fromStore) {
        const store = await PostgresEventStore.connect({ url: databaseUrl(program.opts<Global>()) });
        const bar = progressBar(o.progress, 'kpis [{bar}] {percentage}% | position {value}/{total} | {facts} facts');
        try {
          const head = (await store.health()).headPosition ?? 0n;
          const facts = await kpiFactsFromStore(store, KPI_TRANSLATORS, { upTo: head, onProgress: (position, count) => bar.update(Number(position), Number(head), { facts: count }) });
          bar.stop();
          report = { ...request, factsRead: facts.filter((f) => f.on <= request.to).length, rows: computeKpis(facts, request) };
        } finally {
          await store.close();
        }
      } else {
        report = await withDatabase(program.opts<Global>(), async (sql) => {
          const [table] = await sql<{ exists: boolean }>(`SELECT to_regclass('o2c_read.analytics_kpi_facts') IS NOT NULL AS exists`);
          if (!table?.exists) throw new Error('no analytics.kpi_facts read model in this database: start the app once (npm start), or use --from-store');
          return kpiReport(sql, request);
        });
      }
      if (o.format === 'json') console.log(JSON.stringify(report));
      else process.stdout.write(kpisToCsv(report.rows));
    });
}
