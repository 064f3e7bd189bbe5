import { READ_SCHEMA, DomainException, domainError } from '@o2c/kernel';
import { KPI_FACTS_TABLE } from '../kpi-facts/kpi-facts.projection';
import type { KpiEventType, KpiFact } from '../kpi-facts/kpi-fact';
import { computeKpis, type KpiRow } from './compute-kpis';
import { PERIODS, periodBuckets, type Period } from './periods';

/** Runs one SQL query and returns its rows (a pg Pool in the CLI, the read-model DataSource in the app). */
export type KpiSql = <R extends object>(text: string, params?: unknown[]) => Promise<R[]>;

export interface KpiRequest {
  readonly from: string;
  readonly to: string;
  readonly period: Period;
}

export interface KpiReport extends KpiRequest {
  /** How many facts (published events) the figures were computed from. */
  readonly factsRead: number;
  readonly rows: readonly KpiRow[];
}

const MAX_PERIODS = 4000;
const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};
const invalid = (field: string, message: string): DomainException => new DomainException(domainError('validation', 'kpis.invalid_request', `${field}: ${message}`, { field }));

/** Checks a request from HTTP or the command line; the error names the field. */
export function parseKpiRequest(input: { from?: unknown; to?: unknown; period?: unknown }): KpiRequest {
  if (!isDate(input.from)) throw invalid('from', 'must be a date YYYY-MM-DD');
  if (!isDate(input.to)) throw invalid('to', 'must be a date YYYY-MM-DD');
  if (input.to < input.from) throw invalid('to', `must be on or after from (${input.from})`);
  const period = input.period ?? 'month';
  if (typeof period !== 'string' || !(PERIODS as readonly string[]).includes(period)) throw invalid('period', `must be one of ${PERIODS.join(', ')}`);
  if (periodBuckets(input.from, input.to, period as Period).length > MAX_PERIODS) throw invalid('period', `more than ${MAX_PERIODS} periods: choose a longer period or a shorter window`);
  return { from: input.from, to: input.to, period: period as Period };
}

/** The KPI report from the facts read model (`o2c_read.analytics_kpi_facts`), every fact dated up to `to`, in `$all` order. */
export async function kpiReport(sql: KpiSql, request: KpiRequest): Promise<KpiReport> {
  const rows = await sql<{ type: KpiEventType; account_id: string; on_date: string; last_position: string; data: Record<string, unknown> }>(
    `SELECT type, account_id, on_date, last_position::text AS last_position, data FROM ${READ_SCHEMA}.${KPI_FACTS_TABLE} WHERE on_date <= $1 ORDER BY last_position`,
    [request.to],
  );
  const facts: KpiFact[] = rows.map((r) => ({ type: r.type, accountId: r.account_id, on: r.on_date, position: BigInt(r.last_position), data: r.data }));
  return { ...request, factsRead: facts.length, rows: computeKpis(facts, request) };
}
