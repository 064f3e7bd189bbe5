import { sampleFacts } from '../../../../test/analytics/kpi-sample';
import { computeKpis, kpisToCsv, type KpiRow } from './compute-kpis';
import { periodBuckets } from './periods';

const pick = (rows: readonly KpiRow[], periodStart: string, kpi: string, dimension = '') => rows.find((r) => r.periodStart === periodStart && r.kpi === kpi && r.dimension === dimension);

describe('KPIs from published events (pure)', () => {
  const rows = computeKpis(sampleFacts(), { from: '2026-01-01', to: '2026-02-28', period: 'month' });

  it('takes receivables, DSO and aging at the end of each period, ignoring what is dated after the window', () => {
    expect(pick(rows, '2026-01-01', 'receivables_minor')).toMatchObject({ periodEnd: '2026-01-31', currency: 'EUR', value: 70000 });
    // 70,000 open / 30,000 invoiced over (2025-11-02, 2026-01-31] x 90
    expect(pick(rows, '2026-01-01', 'dso_days')).toMatchObject({ value: 210, numerator: 70000, denominator: 30000 });
    expect(pick(rows, '2026-01-01', 'aging_minor', 'not_due')?.value).toBe(20000);
    expect(pick(rows, '2026-01-01', 'aging_minor', '61-90')?.value).toBe(50000);
    expect(pick(rows, '2026-02-01', 'dso_days')).toMatchObject({ value: 150, numerator: 50000, denominator: 30000 });
    expect(pick(rows, '2026-02-01', 'aging_minor', '1-30')?.value).toBe(20000);
    expect(pick(rows, '2026-02-01', 'aging_minor', '61-90')?.value).toBe(30000);
    expect(pick(rows, '2026-02-01', 'aging_minor', '90+')?.value).toBe(0);
  });

  it('counts an invoice collected at its first reminder only when paid before a second one', () => {
    expect(pick(rows, '2026-01-01', 'collection_rate_first_reminder')).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(pick(rows, '2026-02-01', 'collection_rate_first_reminder')).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });

  it('rates promises kept and disputes resolved within 72 hours by the period of their outcome', () => {
    expect(pick(rows, '2026-01-01', 'promises_kept_rate')).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    expect(pick(rows, '2026-02-01', 'promises_kept_rate')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(pick(rows, '2026-02-01', 'disputes_within_72h_rate')).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('measures agency placements against the overdue book and recoveries against the cohort placed', () => {
    expect(pick(rows, '2026-01-01', 'agency_placed_share')).toMatchObject({ value: 0, numerator: 0, denominator: 50000 });
    expect(pick(rows, '2026-02-01', 'agency_placed_minor')?.value).toBe(50000);
    expect(pick(rows, '2026-02-01', 'agency_placed_share')).toMatchObject({ value: 1, numerator: 50000, denominator: 50000 });
    expect(pick(rows, '2026-02-01', 'agency_recovered_minor')?.value).toBe(20000);
    expect(pick(rows, '2026-02-01', 'agency_recovery_rate')).toMatchObject({ value: 0.4, numerator: 20000, denominator: 50000 });
  });

  it('credits cash to the collector who last touched the account within 30 days, else unattributed', () => {
    expect(pick(rows, '2026-01-01', 'cash_collected_minor', 'ann')?.value).toBe(10000);
    expect(pick(rows, '2026-02-01', 'cash_collected_minor', 'bob')).toBeUndefined();
    expect(pick(rows, '2026-02-01', 'cash_collected_minor', 'unattributed')?.value).toBe(20000);
    const later = computeKpis(sampleFacts(), { from: '2026-02-01', to: '2026-02-28', period: 'month', attributionDays: 40 });
    expect(pick(later, '2026-02-01', 'cash_collected_minor', 'bob')?.value).toBe(20000);
  });

  it('a corrected invoice: the payment carried over from the invoice it replaces counts once, and the cancelled invoice ages nothing', () => {
    const facts = (
      [
        ['InvoiceIssued', '2026-01-01', { invoiceId: 'INV-9', currency: 'EUR', issuedOn: '2026-01-01', dueOn: '2026-01-10', totalMinor: 63_00, openAmountMinor: 63_00 }],
        ['PaymentApplied', '2026-01-05', { invoiceId: 'INV-9', amountMinor: 20_00, currency: 'EUR' }],
        ['InvoiceIssued', '2026-01-20', { invoiceId: 'INV-9-C1', currency: 'EUR', issuedOn: '2026-01-20', dueOn: '2026-02-19', totalMinor: 54_00, openAmountMinor: 34_00, correctsInvoiceId: 'INV-9', alreadyPaidMinor: 20_00 }],
        ['CreditNoteIssued', '2026-01-20', { invoiceId: 'INV-9', amountMinor: 63_00, currency: 'EUR', openAmountMinor: 0 }],
      ] as const
    ).map(([type, on, data], i) => ({ type, accountId: 'C', on, position: BigInt(i + 1), data: { accountId: 'C', ...data } }));
    const january = computeKpis(facts, { from: '2026-01-01', to: '2026-01-31', period: 'month' });
    expect(pick(january, '2026-01-01', 'receivables_minor')?.value).toBe(34_00);
    expect(pick(january, '2026-01-01', 'aging_minor', 'not_due')?.value).toBe(34_00);
    expect(pick(january, '2026-01-01', 'aging_minor', '1-30')?.value).toBe(0);
  });

  it('gives the same figures for the same facts, whatever the period split', () => {
    expect(computeKpis(sampleFacts(), { from: '2026-01-01', to: '2026-02-28', period: 'month' })).toEqual(rows);
    const weekly = computeKpis(sampleFacts(), { from: '2026-01-01', to: '2026-02-28', period: 'week' });
    const lastWeek = weekly.filter((r) => r.periodEnd === '2026-02-28');
    expect(lastWeek.find((r) => r.kpi === 'dso_days')?.value).toBe(150);
  });

  it('splits windows into days, ISO weeks and calendar months, clipped to the window', () => {
    expect(periodBuckets('2026-01-30', '2026-02-02', 'day').map((b) => b.start)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(periodBuckets('2026-01-01', '2026-01-12', 'week')).toEqual([
      { start: '2026-01-01', end: '2026-01-04' },
      { start: '2026-01-05', end: '2026-01-11' },
      { start: '2026-01-12', end: '2026-01-12' },
    ]);
    expect(periodBuckets('2026-01-15', '2026-03-10', 'month')).toEqual([
      { start: '2026-01-15', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2026-03-01', end: '2026-03-10' },
    ]);
  });

  it('writes CSV with a header and one line per figure, empty cells for no value', () => {
    const csv = kpisToCsv(rows);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('period_start,period_end,kpi,dimension,currency,value,numerator,denominator');
    expect(lines).toContain('2026-01-01,2026-01-31,dso_days,,EUR,210,70000,30000');
    expect(lines).toContain('2026-02-01,2026-02-28,collection_rate_first_reminder,,,,0,0');
    expect(lines).toHaveLength(rows.length + 1);
    expect(kpisToCsv([{ ...rows[0], dimension: 'a,"b"' }])).toContain('"a,""b"""');
  });
});
