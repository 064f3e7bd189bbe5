import type { KpiFact } from '../kpi-facts/kpi-fact';
import { addDays, daysBetween, periodBuckets, type Period, type PeriodBucket } from './periods';

/** Each KPI's formula is in libs/analytics/README.md. */
export const KPI_NAMES = [
  'receivables_minor',
  'dso_days',
  'aging_minor',
  'collection_rate_first_reminder',
  'promises_kept_rate',
  'disputes_within_72h_rate',
  'agency_placed_minor',
  'agency_placed_share',
  'agency_recovered_minor',
  'agency_recovery_rate',
  'cash_collected_minor',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export const AGING_BUCKETS = ['not_due', '1-30', '31-60', '61-90', '90+'] as const;
export const UNATTRIBUTED = 'unattributed';

/** One figure: a KPI for a period, per dimension (aging bucket, collector) and currency where it has them. */
export interface KpiRow {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly kpi: KpiName;
  /** Aging bucket, collector id, or '' . */
  readonly dimension: string;
  /** '' for counts and ratios of counts. */
  readonly currency: string;
  /** null when the denominator is 0. Ratios are rounded to 4 decimals, days half up to a whole day, amounts exact. */
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

export interface KpiOptions {
  readonly from: string;
  readonly to: string;
  readonly period: Period;
  /** DSO's N (default 90, as invoicing's `O2C_DSO_DAYS`). */
  readonly dsoDays?: number;
  /** A payment is the collector's who last touched the account (contact, promise) at most this many days before it (default 30). */
  readonly attributionDays?: number;
}

interface InvoiceFacts {
  readonly currency: string;
  readonly issuedOn: string;
  readonly dueOn: string;
  readonly totalMinor: number;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const ratio = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
/** a / b rounded half up, in integers (b > 0). */
const roundedDiv = (a: bigint, b: bigint): bigint => (2n * a + b) / (2n * b);
const inBucket = (on: string, b: PeriodBucket): boolean => on >= b.start && on <= b.end;

function agingBucket(daysPastDue: number): (typeof AGING_BUCKETS)[number] {
  if (daysPastDue <= 0) return 'not_due';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

const addTo = (map: Map<string, number>, key: string, amount: number): void => void map.set(key, (map.get(key) ?? 0) + amount);

/**
 * The KPIs of [from, to] per period, from the published events alone (pure:
 * the same facts give the same figures, so a rebuild of the facts gives the
 * same report). `facts` in `$all` order. Snapshot KPIs (receivables, DSO,
 * aging) are taken at the end of each period's last day; flows count the
 * events dated in the period; cohorts (collection at first reminder, agency
 * recovery) follow what happened up to `to`.
 */
export function computeKpis(facts: readonly KpiFact[], options: KpiOptions): KpiRow[] {
  const dsoDays = options.dsoDays ?? 90;
  const attributionDays = options.attributionDays ?? 30;
  const buckets = periodBuckets(options.from, options.to, options.period);
  const known = facts.filter((f) => f.on <= options.to);

  const invoices = new Map<string, InvoiceFacts>();
  const openDeltas: { on: string; position: bigint; invoiceId: string; delta: number }[] = [];
  const firstReminder = new Map<string, string>();
  const secondReminder = new Map<string, string>();
  const paidOn = new Map<string, string>();
  const touches = new Map<string, { on: string; collectorId: string }[]>();
  const claimBucket = new Map<string, number>();
  const bucketOf = (on: string): number => {
    let lo = 0;
    let hi = buckets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (on < buckets[mid].start) hi = mid - 1;
      else if (on > buckets[mid].end) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
  const flows: KpiFact[][] = buckets.map(() => []);
  for (const fact of known) {
    const at = bucketOf(fact.on);
    if (at >= 0) flows[at].push(fact);
  }
  for (const fact of known) {
    const d = fact.data;
    switch (fact.type) {
      case 'InvoiceIssued':
        invoices.set(str(d.invoiceId), { currency: str(d.currency), issuedOn: str(d.issuedOn), dueOn: str(d.dueOn), totalMinor: num(d.totalMinor) });
        // A corrected invoice starts with the payments carried over from the invoice it replaces (which its credit note then closes).
        openDeltas.push({ on: fact.on, position: fact.position, invoiceId: str(d.invoiceId), delta: d.correctsInvoiceId === undefined ? num(d.totalMinor) : num(d.openAmountMinor) });
        if (d.correctsInvoiceId !== undefined && num(d.alreadyPaidMinor) > 0) openDeltas.push({ on: fact.on, position: fact.position, invoiceId: str(d.correctsInvoiceId), delta: num(d.alreadyPaidMinor) });
        break;
      case 'PaymentReversed':
        openDeltas.push({ on: fact.on, position: fact.position, invoiceId: str(d.invoiceId), delta: num(d.amountMinor) });
        paidOn.delete(str(d.invoiceId));
        break;
      case 'PaymentApplied':
      case 'CreditNoteIssued':
      case 'InvoiceWrittenOff':
        openDeltas.push({ on: fact.on, position: fact.position, invoiceId: str(d.invoiceId), delta: -num(d.amountMinor) });
        break;
      case 'InvoicePaid':
        paidOn.set(str(d.invoiceId), fact.on);
        break;
      case 'ReminderSent':
      case 'FormalNoticeSent':
        for (const invoiceId of (d.invoiceIds as readonly string[] | undefined) ?? []) {
          const first = firstReminder.get(invoiceId);
          if (first === undefined) firstReminder.set(invoiceId, fact.on);
          else if (fact.on > first && !secondReminder.has(invoiceId)) secondReminder.set(invoiceId, fact.on);
        }
        break;
      case 'ContactOutcomeRecorded':
      case 'PromiseToPayRecorded': {
        const collectorId = str(fact.type === 'ContactOutcomeRecorded' ? d.collectorId : d.recordedBy);
        if (!collectorId) break;
        const list = touches.get(fact.accountId) ?? [];
        list.push({ on: fact.on, collectorId });
        touches.set(fact.accountId, list);
        break;
      }
      case 'ClaimPlaced': {
        const at = bucketOf(fact.on);
        if (at >= 0) claimBucket.set(str(d.claimId), at);
        break;
      }
      default:
        break;
    }
  }
  openDeltas.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  // Latest touch first wins a tie of dates: stable sort keeps $all order, so the last one of a day is the latest.
  for (const list of touches.values()) list.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

  const cohortRecoveries: KpiFact[][] = buckets.map(() => []);
  for (const fact of known) {
    const at = fact.type === 'AgencyRecoveryReported' ? claimBucket.get(str(fact.data.claimId)) : undefined;
    if (at !== undefined) cohortRecoveries[at].push(fact);
  }

  const rows: KpiRow[] = [];
  const open = new Map<string, number>();
  let swept = 0;
  const issued = [...invoices.values()].sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));
  const sales = new Map<string, number>();
  let salesIn = 0;
  let salesOut = 0;
  buckets.forEach((bucket, index) => {
    const row = (kpi: KpiName, dimension: string, currency: string, value: number | null, numerator: number | null = null, denominator: number | null = null): void =>
      void rows.push({ periodStart: bucket.start, periodEnd: bucket.end, kpi, dimension, currency, value, numerator, denominator });
    const end = bucket.end;
    for (; swept < openDeltas.length && openDeltas[swept].on <= end; swept++) addTo(open, openDeltas[swept].invoiceId, openDeltas[swept].delta);

    // Snapshots at the end of the period.
    const receivables = new Map<string, number>();
    const overdue = new Map<string, number>();
    const aging = new Map<string, number>();
    for (const [invoiceId, amount] of open) {
      const invoice = invoices.get(invoiceId);
      if (!invoice || amount <= 0) continue;
      addTo(receivables, invoice.currency, amount);
      const daysPastDue = daysBetween(invoice.dueOn, end);
      if (daysPastDue > 0) addTo(overdue, invoice.currency, amount);
      addTo(aging, `${invoice.currency}|${agingBucket(daysPastDue)}`, amount);
    }
    // Credit sales of (end - N, end]: a window sliding forward with the periods.
    for (; salesIn < issued.length && issued[salesIn].issuedOn <= end; salesIn++) addTo(sales, issued[salesIn].currency, issued[salesIn].totalMinor);
    const salesFrom = addDays(end, -dsoDays);
    for (; salesOut < salesIn && issued[salesOut].issuedOn <= salesFrom; salesOut++) addTo(sales, issued[salesOut].currency, -issued[salesOut].totalMinor);
    const currencies = [...new Set([...receivables.keys(), ...[...sales].filter(([, amount]) => amount > 0).map(([currency]) => currency)])].sort();
    for (const currency of currencies) {
      const r = receivables.get(currency) ?? 0;
      const s = sales.get(currency) ?? 0;
      row('receivables_minor', '', currency, r);
      row('dso_days', '', currency, s > 0 ? Number(roundedDiv(BigInt(r) * BigInt(dsoDays), BigInt(s))) : null, r, s);
      for (const b of AGING_BUCKETS) row('aging_minor', b, currency, aging.get(`${currency}|${b}`) ?? 0);
    }

    // Cohort: invoices first reminded in the period, paid before a second reminder (by `to`).
    let reminded = 0;
    let collected = 0;
    for (const [invoiceId, first] of firstReminder) {
      if (!inBucket(first, bucket)) continue;
      reminded++;
      const paid = paidOn.get(invoiceId);
      const second = secondReminder.get(invoiceId);
      if (paid !== undefined && paid >= first && (second === undefined || paid < second)) collected++;
    }
    row('collection_rate_first_reminder', '', '', ratio(collected, reminded), collected, reminded);

    let kept = 0;
    let broken = 0;
    let resolved = 0;
    let withinSla = 0;
    const placed = new Map<string, number>();
    const recoveredInPeriod = new Map<string, number>();
    const cohortPlaced = new Map<string, number>();
    const cohortRecovered = new Map<string, number>();
    const cash = new Map<string, number>();
    for (const recovery of cohortRecoveries[index]) addTo(cohortRecovered, str(recovery.data.currency), num(recovery.data.amountMinor));
    for (const fact of flows[index]) {
      const d = fact.data;
      switch (fact.type) {
        case 'PromiseToPayKept':
          kept++;
          break;
        case 'PromiseToPayBroken':
          broken++;
          break;
        case 'DisputeResolved':
          resolved++;
          if (d.withinSla === true) withinSla++;
          break;
        case 'ClaimPlaced':
          addTo(placed, str(d.currency), num(d.totalMinor));
          addTo(cohortPlaced, str(d.currency), num(d.totalMinor));
          break;
        case 'AgencyRecoveryReported':
          addTo(recoveredInPeriod, str(d.currency), num(d.amountMinor));
          break;
        case 'PaymentReceived': {
          const since = addDays(fact.on, -attributionDays);
          const touch = (touches.get(fact.accountId) ?? []).filter((t) => t.on >= since && t.on <= fact.on).pop();
          addTo(cash, `${str(d.currency)}|${touch?.collectorId ?? UNATTRIBUTED}`, num(d.amountMinor));
          break;
        }
        default:
          break;
      }
    }
    row('promises_kept_rate', '', '', ratio(kept, kept + broken), kept, kept + broken);
    row('disputes_within_72h_rate', '', '', ratio(withinSla, resolved), withinSla, resolved);
    for (const currency of [...new Set([...placed.keys(), ...overdue.keys()])].sort()) {
      const p = placed.get(currency) ?? 0;
      const o = overdue.get(currency) ?? 0;
      row('agency_placed_minor', '', currency, p);
      row('agency_placed_share', '', currency, ratio(p, o), p, o);
    }
    for (const currency of [...new Set([...recoveredInPeriod.keys(), ...cohortPlaced.keys()])].sort()) {
      row('agency_recovered_minor', '', currency, recoveredInPeriod.get(currency) ?? 0);
      const p = cohortPlaced.get(currency) ?? 0;
      const r = cohortRecovered.get(currency) ?? 0;
      row('agency_recovery_rate', '', currency, ratio(r, p), r, p);
    }
    for (const key of [...cash.keys()].sort()) {
      const [currency, collectorId] = key.split('|');
      row('cash_collected_minor', collectorId, currency, cash.get(key) ?? 0);
    }
  });
  return rows;
}

const CSV_COLUMNS = ['period_start', 'period_end', 'kpi', 'dimension', 'currency', 'value', 'numerator', 'denominator'] as const;
const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV, one line per figure, a header first. */
export function kpisToCsv(rows: readonly KpiRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push([r.periodStart, r.periodEnd, r.kpi, r.dimension, r.currency, r.value, r.numerator, r.denominator].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
