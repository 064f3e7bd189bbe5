export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodBucket {
  /** First and last day of the bucket (inclusive, YYYY-MM-DD), clipped to the report's window. */
  readonly start: string;
  readonly end: string;
}

const DAY_MS = 86_400_000;
export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The day after the end of the bucket that holds `date`: days; ISO weeks (Monday first); calendar months. */
function nextBucketStart(date: string, period: Period): string {
  if (period === 'day') return addDays(date, 1);
  if (period === 'week') {
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    return addDays(date, 7 - weekday);
  }
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** The buckets covering [from, to] (both inclusive), in order. */
export function periodBuckets(from: string, to: string, period: Period): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  for (let start = from; start <= to; ) {
    const next = nextBucketStart(start, period);
    const end = addDays(next, -1);
    buckets.push({ start, end: end < to ? end : to });
    start = next;
  }
  return buckets;
}
