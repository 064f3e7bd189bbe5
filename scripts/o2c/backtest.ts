import { readFileSync } from 'node:fs';
import { collectionsOptionsFromEnv, runBacktest, type BacktestReport } from '@o2c/collections';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { InvalidArgumentError, type Command } from 'commander';
import { databaseUrl, type Global } from './database';
import { progressBar } from './progress';

interface BacktestOptions {
  policy: string;
  from: string;
  to: string;
  json?: boolean;
  progress: boolean;
  differences: number;
}

function positiveOrZero(raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError('--differences must be an integer >= 0');
  return value;
}

function readPolicyFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`--policy: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`--policy: ${path} is not JSON: ${(error as Error).message}`);
  }
}

function printSummary(report: BacktestReport): void {
  const width = Math.max(42, ...Object.keys({ ...report.actual.customersReachingStep, ...report.candidate.customersReachingStep }).map((k) => k.length + 19));
  const line = (name: string, a: unknown, c: unknown) => console.log(`  ${name.padEnd(width)} ${String(a).padStart(10)} ${String(c).padStart(10)}`);
  console.log(`backtest ${report.from}..${report.to}: ${report.accounts} accounts, candidate ${report.candidatePolicies.join(', ')}; nothing sent, nothing written`);
  line('', 'actual', 'candidate');
  for (const channel of [...new Set([...Object.keys(report.actual.contactsByChannel), ...Object.keys(report.candidate.contactsByChannel)])].sort()) {
    line(`contacts: ${channel}`, report.actual.contactsByChannel[channel] ?? 0, report.candidate.contactsByChannel[channel] ?? 0);
  }
  for (const step of [...new Set([...Object.keys(report.actual.customersReachingStep), ...Object.keys(report.candidate.customersReachingStep)])].sort()) {
    line(`customers reaching ${step}`, report.actual.customersReachingStep[step] ?? 0, report.candidate.customersReachingStep[step] ?? 0);
  }
  line('agency handoffs', report.actual.agencyHandoffs, report.candidate.agencyHandoffs);
  line(`steps on held invoices (${report.holdsInForce} holds in force)`, report.actual.stepsOnHeldInvoices, report.candidate.stepsOnHeldInvoices);
  const listed = report.differences.length;
  console.log(`${report.accountsWithDifferences} accounts differ${report.accountsWithDifferences > 20 ? ` (first 20 below; ${listed === report.accountsWithDifferences ? 'all' : `the first ${listed}`} in the JSON)` : ''}:`);
  for (const account of report.differences.slice(0, 20)) {
    for (const s of account.steps) {
      console.log(`  ${account.accountId} ${s.invoiceId} ${s.stepId}: actual ${s.actual ? `${s.actual.on} (${s.actual.policy})` : 'not taken'}, candidate ${s.candidate ? `${s.candidate.on} (${s.candidate.policy})` : 'not taken'}: ${s.because}`);
    }
  }
}

/**
 * `o2c backtest --policy <file> --from <date> --to <date>`: the recorded history replayed under candidate dunning
 * policies in memory by the collections decider (libs/collections/src/backtest); reads the store, writes nothing,
 * sends nothing. A summary, then one JSON object last (only the JSON with --json).
 */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('replay the recorded history under a candidate dunning policy (nothing sent, nothing written) and compare with the policy that ran')
    .requiredOption('--policy <file>', 'JSON: a policy, an array of policies, or {"policies": [...]} (the shape of PUT /collections/policies/:policyId)')
    .requiredOption('--from <date>', 'first run date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last run date, YYYY-MM-DD (inclusive)')
    .option('--json', 'only the JSON report on stdout')
    .option('--no-progress', 'no progress bar')
    .option('--differences <n>', 'accounts with differences listed in the JSON (all are counted in accountsWithDifferences)', positiveOrZero, 1_000)
    .action(async (o: BacktestOptions) => {
      const policy = readPolicyFile(o.policy);
      const store = await PostgresEventStore.connect({ url: databaseUrl(program.opts<Global>()) });
      const bar = progressBar(o.progress, 'backtest {stage} [{bar}] {value}/{total}');
      let report: BacktestReport;
      try {
        report = await runBacktest(store, {
          from: o.from,
          to: o.to,
          policy,
          rules: collectionsOptionsFromEnv().rules,
          maxDifferences: o.differences,
          onProgress: (stage, done, total) => bar.update(done, total, { stage: stage === 'reading' ? 'reading events' : 'replaying accounts' }),
        });
      } finally {
        bar.stop();
        await store.close();
      }
      if (!o.json) printSummary(report);
      console.log(JSON.stringify(report));
    });
}
